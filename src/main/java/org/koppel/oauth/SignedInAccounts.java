package org.koppel.oauth;

import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Where Spring's code-grant filter "saves the authorized client": Koppel keeps no authorized
 * clients of its own, it turns the sign-in into a connection (or renews one), whose encrypted
 * secret holds the tokens. The provider's code exchange leaves who signed in ({@code S}, read from the
 * id token, which the filter drops) as a request attribute named after its class; the outcome waits in
 * the session for the callback page ({@link SignInOutcome#attribute}).
 */
public final class SignedInAccounts<S> implements OAuth2AuthorizedClientRepository {

    private final String registrationId;
    private final Class<S> signedInType;
    private final BiFunction<KoppelUser, S, SignInOutcome> complete;

    /** @param complete makes or renews the connection; InvalidInputException and NotFoundException become a problem shown */
    public SignedInAccounts(String registrationId, Class<S> signedInType, BiFunction<KoppelUser, S, SignInOutcome> complete) {
        this.registrationId = registrationId;
        this.signedInType = signedInType;
        this.complete = complete;
    }

    /** The request attribute the code exchange leaves its result under. */
    public static String attribute(Class<?> signedInType) {
        return signedInType.getName();
    }

    @Override
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                     HttpServletRequest request) {
        return null;
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                                     HttpServletResponse response) {
        Object signedIn = request.getAttribute(attribute(signedInType));
        if (!signedInType.isInstance(signedIn)) {
            throw new IllegalStateException("a " + registrationId + " sign-in ended without its id token having been read");
        }
        SignInOutcome outcome;
        if (principal == null || !(principal.getPrincipal() instanceof KoppelUser user)) {
            outcome = SignInOutcome.problem("You were signed out of Koppel meanwhile. Sign in and connect again.");
        } else {
            try {
                outcome = complete.apply(user, signedInType.cast(signedIn));
            } catch (InvalidInputException | NotFoundException e) {
                outcome = SignInOutcome.problem(e.getMessage());
            }
        }
        request.getSession().setAttribute(SignInOutcome.attribute(registrationId), outcome);
    }

    @Override
    public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                       HttpServletResponse response) {
        // nothing kept here
    }
}
