package org.koppel.oauth;

import java.io.Serializable;

/**
 * How a sign-in ended, kept in the session for the callback page that the code-grant filter
 * redirects to, under an attribute per provider ({@link #attribute}). {@code problem} is for a person to read.
 */
public record SignInOutcome(Kind kind, Long connectionId, String account, String problem) implements Serializable {

    public enum Kind { CONNECTED, SIGNED_IN_AGAIN, PROBLEM }

    /** The session attribute of a provider's outcome (its registration id: microsoft, google). */
    public static String attribute(String registrationId) {
        return SignInOutcome.class.getName() + "." + registrationId;
    }

    public static SignInOutcome connected(long connectionId, String account) {
        return new SignInOutcome(Kind.CONNECTED, connectionId, account, null);
    }

    public static SignInOutcome signedInAgain(long connectionId, String account) {
        return new SignInOutcome(Kind.SIGNED_IN_AGAIN, connectionId, account, null);
    }

    public static SignInOutcome problem(String problem) {
        return new SignInOutcome(Kind.PROBLEM, null, null, problem);
    }
}
