package org.koppel.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused, without its password being checked, because there were too many failures (LoginThrottle). */
public class SignInThrottledException extends AuthenticationException {

    private final Duration wait;

    SignInThrottledException(Duration wait) {
        super("too many failed sign-ins for this login or from this address");
        this.wait = wait;
    }

    /** Whole seconds, rounded up, for Retry-After. */
    public long seconds() {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Whole minutes, rounded up, for people. */
    public long minutes() {
        return Math.max(1, (seconds() + 59) / 60);
    }
}
