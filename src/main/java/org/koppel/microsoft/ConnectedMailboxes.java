package org.koppel.microsoft;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.oauth.SignInOutcome;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Component;

/**
 * Where Spring's code-grant filter "saves the authorized client": Koppel keeps no authorized
 * clients of its own, it turns the sign-in into a microsoft365 connection (or renews one), whose
 * encrypted secret holds the tokens. The outcome waits in the session for the callback page.
 */
@Component
class ConnectedMailboxes implements OAuth2AuthorizedClientRepository {

    private final MicrosoftSignIns signIns;

    ConnectedMailboxes(MicrosoftSignIns signIns) {
        this.signIns = signIns;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                     HttpServletRequest request) {
        return null;
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                     HttpServletResponse response) {
        if (!(request.getAttribute(SignedIn.REQUEST_ATTRIBUTE) instanceof SignedIn signedIn)) {
            throw new IllegalStateException("a Microsoft sign-in ended without its id token having been read");
        }
        SignInOutcome outcome;
        if (principal == null || !(principal.getPrincipal() instanceof KoppelUser user)) {
            outcome = SignInOutcome.problem("You were signed out of Koppel meanwhile. Sign in and connect again.");
        } else {
            try {
                outcome = signIns.complete(user, signedIn);
            } catch (InvalidInputException | NotFoundException e) {
                outcome = SignInOutcome.problem(e.getMessage());
            }
        }
        request.getSession().setAttribute(SignInOutcome.attribute(MicrosoftSignInPaths.REGISTRATION_ID), outcome);
    }

    @Override
    public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                       HttpServletResponse response) {
        // nothing kept here
    }
}
