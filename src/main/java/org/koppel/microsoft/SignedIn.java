package org.koppel.microsoft;

/**
 * The result of a code exchange: who signed in, their tokens, and what the employee meant to do.
 * Handed from the token-response client to {@link org.koppel.oauth.SignedInAccounts} as a request attribute,
 * because Spring's code-grant filter keeps only the access and refresh token, not the id token.
 */
record SignedIn(String account, MicrosoftTokens tokens, ConnectIntent intent) {

    static final String REQUEST_ATTRIBUTE = org.koppel.oauth.SignedInAccounts.attribute(SignedIn.class);

    @Override
    public String toString() {
        return "SignedIn[" + account + ", " + intent + "]";
    }
}
