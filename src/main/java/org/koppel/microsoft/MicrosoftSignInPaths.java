package org.koppel.microsoft;

/** The addresses of the sign-in flow, shared by the security chain, the controllers and the admin page. */
public final class MicrosoftSignInPaths {

    public static final String REGISTRATION_ID = "microsoft";
    /** Where Spring Security's redirect filter starts the authorization request. */
    public static final String AUTHORIZATION_BASE = org.koppel.oauth.SignInPaths.AUTHORIZATION_BASE;
    public static final String AUTHORIZE = AUTHORIZATION_BASE + "/" + REGISTRATION_ID;
    /** The redirect URI to register with Microsoft; the code grant filter answers here. */
    public static final String CALLBACK = "/connections/microsoft/callback";

    private MicrosoftSignInPaths() {
    }
}
