package org.koppel.oauth;

/** Addresses every provider's sign-in shares. */
public final class SignInPaths {

    /** Where Spring Security's redirect filter starts an authorization request: this, a slash, the registration id. */
    public static final String AUTHORIZATION_BASE = "/oauth2/authorization";

    private SignInPaths() {
    }

    public static String authorize(String registrationId) {
        return AUTHORIZATION_BASE + "/" + registrationId;
    }
}
