package org.koppel.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed password sign-ins (UI form and HTTP Basic) per login and per client address, and
 * refuses further attempts for a while once there were too many: 5 per login or 20 per address
 * within 15 minutes of each other. The wait starts at one minute and doubles with every further
 * failure, up to 15 minutes; a sign-in during the wait is refused without its password being looked at, and
 * does not lengthen the wait. A throttle and never a lockout: someone who types wrong passwords
 * for a colleague's login can delay her by at most 15 minutes at a time, never lock her out, and
 * a successful sign-in forgets the login's failures.
 *
 * <p>The counts live in this node's memory: they are lost on restart, and with several nodes each
 * counts its own (so at most nodes × the limits get through). Both only soften the throttle; the
 * passwords themselves are slow hashes either way.
 */
@Component
public class LoginThrottle {

    /** How many failures a key may have, and how long they are remembered. */
    record Limits(int perLogin, int perAddress, Duration window, Duration firstWait, Duration longestWait,
                  int maxKeys) {
    }

    static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofMinutes(15), 100_000);

    /** The failures of one login or address, the latest at {@code last}; attempts are refused before {@code waitUntil}. */
    private record Failures(int count, Instant last, Instant waitUntil) {

        /** Remembered for a window after the last failure or, when later, after the end of the wait. */
        Instant forgottenAt(Duration window) {
            return (last.isAfter(waitUntil) ? last : waitUntil).plus(window);
        }
    }

    private final Map<String, Failures> byLogin = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Limits limits;
    private final Clock clock;

    @Autowired
    public LoginThrottle(Clock clock) {
        this(DEFAULT, clock);
    }

    LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long a sign-in for this login from this address must still wait; empty when it may try now. */
    public Optional<Duration> waitFor(String login, String address) {
        Instant now = clock.instant();
        Duration wait = longer(remaining(login == null ? null : byLogin.get(login), now),
                remaining(address == null ? null : byAddress.get(address), now));
        return wait.isPositive() ? Optional.of(wait) : Optional.empty();
    }

    public void failed(String login, String address) {
        Instant now = clock.instant();
        if (byLogin.size() + byAddress.size() > limits.maxKeys()) forgetOld(now);
        if (login != null) byLogin.compute(login, (k, f) -> counted(f, now, limits.perLogin()));
        if (address != null) byAddress.compute(address, (k, f) -> counted(f, now, limits.perAddress()));
    }

    /** A right password: the login's failures are forgotten. Its address keeps its count, or one good account would clear it. */
    public void succeeded(String login) {
        if (login != null) byLogin.remove(login);
    }

    /** How many logins and addresses are remembered now. */
    int keys() {
        return byLogin.size() + byAddress.size();
    }

    private Failures counted(Failures before, Instant now, int allowed) {
        Failures current = before == null || expired(before, now) ? new Failures(0, now, now) : before;
        int count = current.count() + 1;
        Instant waitUntil = count >= allowed ? now.plus(waitAfter(count - allowed)) : current.waitUntil();
        return new Failures(count, now, waitUntil);
    }

    private Duration waitAfter(int failuresBeyondLimit) {
        // doubling, without overflow: 2^4 minutes is past the longest wait already
        Duration wait = limits.firstWait().multipliedBy(1L << Math.min(failuresBeyondLimit, 20));
        return wait.compareTo(limits.longestWait()) > 0 ? limits.longestWait() : wait;
    }

    /**
     * Measured from the end of the wait, not from the first failure: an attacker who tries again
     * the moment each wait ends keeps doubling it instead of getting a fresh set of attempts.
     */
    private boolean expired(Failures f, Instant now) {
        return !now.isBefore(f.forgottenAt(limits.window()));
    }

    private static Duration remaining(Failures f, Instant now) {
        return f == null || !now.isBefore(f.waitUntil()) ? Duration.ZERO : Duration.between(now, f.waitUntil());
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Keeps memory bounded when someone tries many logins or addresses: first what has expired;
     * if that is not enough, the keys still under their limit (the least a loss of which costs),
     * while logins and addresses that wait keep waiting.
     */
    private void forgetOld(Instant now) {
        byLogin.values().removeIf(f -> expired(f, now));
        byAddress.values().removeIf(f -> expired(f, now));
        if (keys() > limits.maxKeys()) {
            byLogin.values().removeIf(f -> f.count() < limits.perLogin());
            byAddress.values().removeIf(f -> f.count() < limits.perAddress());
        }
    }
}
