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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * ({@link #begin}): parallel guesses get no more checks than guesses one by one.
 *
 * <p>The counts live in this node's memory: they are lost on restart, and with several nodes each
 * counts its own (so at most nodes × the limits get through). Both only soften the throttle; the
 * passwords themselves are slow hashes either way.
 */
@Component
public class LoginThrottle {

    /**
     * How many failures a key may have, and how long they are remembered; {@code longestQueue}: how
     * long a sign-in waits for checks under way (see {@link #begin}).
     */
    record Limits(int perLogin, int perAddress, Duration window, Duration firstWait, Duration longestWait,
                  int maxKeys, Duration longestQueue) {
    }

    /** No login is longer (crm/employee/Employees); a longer one is counted by its start. */
    static final int LONGEST_LOGIN = 100;

    /** No written address is longer (IPv6 with an IPv4 tail and a zone). */
    static final int LONGEST_ADDRESS = 64;

    /** The queue's 10 s are far longer than a password check takes (one slow hash). */
    static final Limits DEFAULT = new Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofMinutes(15), 100_000, Duration.ofSeconds(10));

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

    /** Read at any time; changed only under {@link #lock}, so a check begins on counts that stay put. */
    private final Map<String, Failures> byLogin = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition checkEnded = lock.newCondition();
    private int queued;
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
     * {@link #abandoned}; or refuses it, saying how long to wait. Checks under way count against
     * the limit: while as many are under way as may still fail before the wait (one at a time once
     * it has been reached), a further one waits for one of them to end, then is let through or
     * refused by their outcome. Parallel guesses all used to pass "must it wait?" before the first
     * had failed, so a burst of hundreds got checked where five one by one would; queued rather
     * than refused, a script signing in with HTTP Basic for parallel requests still gets through.
     * A check that does not end within the longest queue (a database that hangs) makes those
     * queued behind it give up, refused with the first wait.
     */
    public Optional<Duration> begin(String login, String address) {
        String loginKey = loginKey(login);
        String addressKey = addressKey(address);
        lock.lock();
        try {
            long giveUpAt = System.nanoTime() + limits.longestQueue().toNanos();
            while (true) {
                Instant now = clock.instant();
                Failures ofLogin = loginKey == null ? null : current(byLogin.get(loginKey), now);
                Failures ofAddress = addressKey == null ? null : current(byAddress.get(addressKey), now);
                Duration wait = longer(remaining(ofLogin, now), remaining(ofAddress, now));
                if (wait.isPositive()) return Optional.of(wait);
                if (hasRoom(ofLogin, limits.perLogin()) && hasRoom(ofAddress, limits.perAddress())) {
                    if (loginKey != null) byLogin.put(loginKey, ofLogin.checking(+1));
                    if (addressKey != null) byAddress.put(addressKey, ofAddress.checking(+1));
                    return Optional.empty();
                }
                if (!awaitEnd(giveUpAt - System.nanoTime())) return Optional.of(limits.firstWait());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends a check begun: a wrong password (or an unknown login), counted for both. */
    public void failed(String login, String address) {
        String loginKey = loginKey(login);
        String addressKey = addressKey(address);
        ending(() -> {
            Instant now = clock.instant();
            if (byLogin.size() + byAddress.size() > limits.maxKeys()) forgetOld(now);
            if (loginKey != null) byLogin.compute(loginKey, (k, f) -> counted(f, now, limits.perLogin()));
            if (addressKey != null) byAddress.compute(addressKey, (k, f) -> counted(f, now, limits.perAddress()));
        });
    }

    /**
     * Ends a check begun: a right password, the login's failures are forgotten. Its address keeps
     * its count, or one good account would clear it.
     */
    public void succeeded(String login, String address) {
        String loginKey = loginKey(login);
        String addressKey = addressKey(address);
        ending(() -> {
            if (loginKey != null) {
                byLogin.computeIfPresent(loginKey, (k, f) -> f.checking() > 1 ? fresh(f.checking() - 1, f.last()) : null);
            }
            release(byAddress, addressKey);
        });
    }

    /** Ends a check begun that was neither right nor wrong (a deactivated employee, a database error): not counted. */
    public void abandoned(String login, String address) {
        String loginKey = loginKey(login);
        String addressKey = addressKey(address);
        ending(() -> {
            release(byLogin, loginKey);
            release(byAddress, addressKey);
        });
    }

    /** How many sign-ins wait for a check under way to end. */
    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
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

    /** Whether another check may begin: fewer are under way than may still fail before the wait, and one at least. */
    private static boolean hasRoom(Failures f, int allowed) {
        return f == null || f.checking() < Math.max(1, allowed - f.count());
    }

    /** Waits, holding the lock no longer, for a check to end; false when it is time to give up. */
    private boolean awaitEnd(long nanos) {
        if (nanos <= 0) return false;
        queued++;
        try {
            checkEnded.awaitNanos(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            queued--;
        }
    }

    private void ending(Runnable update) {
        lock.lock();
        try {
            update.run();
            checkEnded.signalAll();
        } finally {
            lock.unlock();
        }
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
