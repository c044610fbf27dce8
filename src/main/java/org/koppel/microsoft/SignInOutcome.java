package org.koppel.microsoft;

import java.io.Serializable;

/**
 * How a sign-in ended, kept in the session for the callback page that the code-grant filter
 * redirects to. {@code problem} is for a person to read.
 */
public record SignInOutcome(Kind kind, Long connectionId, String account, String problem) implements Serializable {

    public static final String SESSION_ATTRIBUTE = SignInOutcome.class.getName();

    public enum Kind { CONNECTED, SIGNED_IN_AGAIN, PROBLEM }

    static SignInOutcome connected(long connectionId, String account) {
        return new SignInOutcome(Kind.CONNECTED, connectionId, account, null);
    }

    static SignInOutcome signedInAgain(long connectionId, String account) {
        return new SignInOutcome(Kind.SIGNED_IN_AGAIN, connectionId, account, null);
    }

    static SignInOutcome problem(String problem) {
        return new SignInOutcome(Kind.PROBLEM, null, null, problem);
    }
}
