package org.koppel.google;

import org.koppel.oauth.SignInPaths;

/** The addresses of the Google sign-in, shared by the security chain, the controllers and the admin page. */
public final class GoogleSignInPaths {

    public static final String REGISTRATION_ID = "google";
    public static final String AUTHORIZE = SignInPaths.authorize(REGISTRATION_ID);
    /** The redirect URI to register with the Google OAuth client; the code grant filter answers here. */
    public static final String CALLBACK = "/connections/google/callback";

    private GoogleSignInPaths() {
    }
}
