package org.koppel.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed password sign-ins (UI form and HTTP Basic) per login and per client address, and
 * refuses further attempts for a while once there were too many: 5 per login or 20 per address
 * (an IPv6 address: per /64) within 15 minutes of each other. The wait starts at one minute and doubles with every further
 * failure, up to 15 minutes; a sign-in during the wait is refused without its password being looked at, and
 * does not lengthen the wait. A throttle and never a lockout: someone who types wrong passwords
 * for a colleague's login can delay her by at most 15 minutes at a time, never lock her out, and
 * a successful sign-in forgets the login's failures. Checks under way count against the limit
 * ({@link #begin}), so parallel guesses get no more checks than guesses one by one.
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

    /** No login is longer (crm/employee/Employees); a longer one is counted by its start. */
    static final int LONGEST_LOGIN = 100;

    /** No written address is longer (IPv6 with an IPv4 tail and a zone). */
    static final int LONGEST_ADDRESS = 64;

    static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofMinutes(15), 100_000);

    /**
     * The failures of one login or address, the latest at {@code last}; attempts are refused before
     * {@code waitUntil}. {@code checking}: attempts whose password is being checked right now.
     */
    private record Failures(int count, int checking, Instant last, Instant waitUntil) {

        /** Remembered for a window after the last failure or, when later, after the end of the wait. */
        Instant forgottenAt(Duration window) {
            return (last.isAfter(waitUntil) ? last : waitUntil).plus(window);
        }

        Failures checking(int delta) {
            return new Failures(count, checking + delta, last, waitUntil);
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
        login = loginKey(login);
        address = addressKey(address);
        Instant now = clock.instant();
        Duration wait = longer(remaining(login == null ? null : byLogin.get(login), now),
                remaining(address == null ? null : byAddress.get(address), now));
        return wait.isPositive() ? Optional.of(wait) : Optional.empty();
    }

    /**
     * Begins a password check, which must end in {@link #failed}, {@link #succeeded} or
     * {@link #abandoned}; or refuses it, saying how long to wait. Refused too while as many checks
     * are under way as may still fail before the wait (one at a time once it has been reached):
     * parallel guesses all used to pass "must it wait?" before the first had failed, so a burst of
     * hundreds got checked where five one by one would. That wait is reported as the first one,
     * which is what the checks under way bring when they fail.
     */
    public Optional<Duration> begin(String login, String address) {
        login = loginKey(login);
        address = addressKey(address);
        Instant now = clock.instant();
        Duration wait = reserve(byLogin, login, limits.perLogin(), now);
        if (wait.isZero()) {
            wait = reserve(byAddress, address, limits.perAddress(), now);
            if (!wait.isZero()) release(byLogin, login);
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Ends a check begun: a wrong password (or an unknown login), counted for both. */
    public void failed(String login, String address) {
        login = loginKey(login);
        address = addressKey(address);
        Instant now = clock.instant();
        if (byLogin.size() + byAddress.size() > limits.maxKeys()) forgetOld(now);
        if (login != null) byLogin.compute(login, (k, f) -> counted(f, now, limits.perLogin()));
        if (address != null) byAddress.compute(address, (k, f) -> counted(f, now, limits.perAddress()));
    }

    /**
     * Ends a check begun: a right password, the login's failures are forgotten. Its address keeps
     * its count, or one good account would clear it.
     */
    public void succeeded(String login, String address) {
        login = loginKey(login);
        if (login != null) {
            byLogin.computeIfPresent(login, (k, f) -> f.checking() > 1 ? fresh(f.checking() - 1, f.last()) : null);
        }
        release(byAddress, addressKey(address));
    }

    /** Ends a check begun that was neither right nor wrong (a deactivated employee, a database error): not counted. */
    public void abandoned(String login, String address) {
        release(byLogin, loginKey(login));
        release(byAddress, addressKey(address));
    }

    /** The number of keys is capped, so their size must be too: a login sent may be megabytes long. */
    private static String loginKey(String login) {
        return login == null || login.length() <= LONGEST_LOGIN ? login : login.substring(0, LONGEST_LOGIN);
    }

    /**
     * What a client address is counted under: an IPv6 address by its /64, as one home or server
     * connection is given a whole /64; counted one by one, such a client could take a fresh
     * address, and a fresh count, for every guess.
     */
    static String addressKey(String address) {
        // what a trusted proxy forwards is taken as it comes: it may be no address at all, and long
        if (address != null && address.length() > LONGEST_ADDRESS) return address.substring(0, LONGEST_ADDRESS);
        if (address == null || !address.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) return address;
        try {
            // a literal, so no DNS look-up
            InetAddress parsed = InetAddress.getByName(address);
            if (!(parsed instanceof Inet6Address)) return parsed.getHostAddress();
            byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** How many logins and addresses are remembered now. */
    int keys() {
        return byLogin.size() + byAddress.size();
    }

    /** Zero when a check may begin for this key (and is counted as under way), else how long to wait. */
    private Duration reserve(Map<String, Failures> map, String key, int allowed, Instant now) {
        if (key == null) return Duration.ZERO;
        var refused = new Duration[] {Duration.ZERO};
        map.compute(key, (k, before) -> {
            Failures current = current(before, now);
            Duration wait = remaining(current, now);
            if (wait.isPositive()) {
                refused[0] = wait;
            } else if (current.checking() >= Math.max(1, allowed - current.count())) {
                refused[0] = limits.firstWait();
            } else {
                return current.checking(+1);
            }
            return before;
        });
        return refused[0];
    }

    private static void release(Map<String, Failures> map, String key) {
        if (key == null) return;
        map.computeIfPresent(key, (k, f) -> f.count() == 0 && f.checking() <= 1 ? null : f.checking(-1));
    }

    /** What counts now: nothing once the failures are forgotten, while checks under way stay counted. */
    private Failures current(Failures before, Instant now) {
        if (before == null) return fresh(0, now);
        return expired(before, now) ? fresh(before.checking(), now) : before;
    }

    private static Failures fresh(int checking, Instant now) {
        return new Failures(0, checking, now, now);
    }

    private Failures counted(Failures before, Instant now, int allowed) {
        Failures current = current(before, now);
        int count = current.count() + 1;
        Instant waitUntil = count >= allowed ? now.plus(waitAfter(count - allowed)) : current.waitUntil();
        return new Failures(count, current.checking() - 1, now, waitUntil);
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
        byLogin.values().removeIf(f -> f.checking() == 0 && expired(f, now));
        byAddress.values().removeIf(f -> f.checking() == 0 && expired(f, now));
        if (keys() > limits.maxKeys()) {
            byLogin.values().removeIf(f -> f.checking() == 0 && f.count() < limits.perLogin());
            byAddress.values().removeIf(f -> f.checking() == 0 && f.count() < limits.perAddress());
        }
    }
}
