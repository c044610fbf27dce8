package org.koppel.google;

/**
 * The result of a code exchange: who signed in (the id token's e-mail address), their tokens, and what
 * the employee meant to do. Handed from the token-response client to org.koppel.oauth.SignedInAccounts
 * as a request attribute, because Spring's code-grant filter keeps only the access and refresh token.
 */
record GoogleSignedIn(String account, GoogleTokens tokens, GoogleConnectIntent intent) {

    @Override
    public String toString() {
        return "GoogleSignedIn[" + account + ", " + intent + "]";
    }
}
