package org.koppel.microsoft;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;

/**
 * Builds the request to Microsoft's authorize endpoint: Spring's own, with PKCE (Spring adds it by
 * itself only for public clients; Microsoft recommends it for web apps too) and with what the
 * employee asked for on the Connect button. Without that (someone opened the address directly, or
 * a page of another site did) no sign-in starts: the button's form, CSRF-checked, is the only way in.
 */
@Component
class MicrosoftAuthorizationRequests implements OAuth2AuthorizationRequestResolver {

    private final MicrosoftRegistrations registrations;

    MicrosoftAuthorizationRequests(MicrosoftRegistrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        if (!request.getRequestURI().equals(request.getContextPath() + MicrosoftSignInPaths.AUTHORIZE)) return null;
        return resolve(request, MicrosoftSignInPaths.REGISTRATION_ID);
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ConnectIntent.SESSION_ATTRIBUTE) instanceof ConnectIntent intent)) {
            return null;
        }
        if (registrations.findByRegistrationId(registrationId) == null) return null;
        session.removeAttribute(ConnectIntent.SESSION_ATTRIBUTE);
        // a resolver per sign-in, as the customizer needs this request's intent; sign-ins are rare
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, MicrosoftSignInPaths.AUTHORIZATION_BASE);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce()
                .andThen(builder -> builder
                        .scopes(new java.util.LinkedHashSet<>(MicrosoftScopes.forSignIn(intent.mail())))
                        .attributes(intent::putInto)
                        .additionalParameters(params -> {
                            // signing in again: the right account pre-filled; connecting: let them pick one
                            if (intent.loginHint() != null) params.put("login_hint", intent.loginHint());
                            else params.put("prompt", "select_account");
                        })));
        return resolver.resolve(request, registrationId);
    }
}
