package org.koppel.oauth;

import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * A provider's authorization requests: Spring's own, with PKCE (Spring adds it by itself only for
 * public clients; Microsoft and Google recommend it for web apps too) and with what the employee
 * asked for on the Connect button, their intent (type {@code I}, kept in the session under its class
 * name). Without that (someone opened the address directly, or a page of another site did) no
 * sign-in starts: the button's form, CSRF-checked, is the only way in.
 */
public final class PkceRequests<I> implements OAuth2AuthorizationRequestResolver {

    private final String registrationId;
    private final Class<I> intentType;
    private final ClientRegistrationRepository registrations;
    private final Function<I, Consumer<OAuth2AuthorizationRequest.Builder>> customizer;

    /** @param customizer what the intent adds to the request (scopes, attributes, parameters) */
    public PkceRequests(String registrationId, Class<I> intentType, ClientRegistrationRepository registrations,
                        Function<I, Consumer<OAuth2AuthorizationRequest.Builder>> customizer) {
        this.registrationId = registrationId;
        this.intentType = intentType;
        this.registrations = registrations;
        this.customizer = customizer;
    }

    /** The session attribute the Connect button leaves an intent of this type under. */
    public static String intentAttribute(Class<?> intentType) {
        return intentType.getName();
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
        if (!request.getRequestURI().equals(request.getContextPath() + SignInPaths.authorize(registrationId))) return null;
        return resolve(request, registrationId);
    }

    @Override
    public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
        if (!this.registrationId.equals(registrationId)) return null;
        HttpSession session = request.getSession(false);
        Object intent = session == null ? null : session.getAttribute(intentAttribute(intentType));
        if (!intentType.isInstance(intent)) return null;
        if (registrations.findByRegistrationId(registrationId) == null) return null;
        session.removeAttribute(intentAttribute(intentType));
        // a resolver per sign-in, as the customizer needs this request's intent; sign-ins are rare
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, SignInPaths.AUTHORIZATION_BASE);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce()
                .andThen(customizer.apply(intentType.cast(intent))));
        return resolver.resolve(request, registrationId);
    }
}
