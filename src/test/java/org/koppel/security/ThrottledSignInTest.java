package org.koppel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.koppel.testkit.Eventually;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Password sign-in behind the throttle, with passwords that take as long to check as the test says. */
class ThrottledSignInTest {

    /** Checks a password only when the test lets it, so that attempts can be under way together. */
    private static final class HeldPasswords implements PasswordEncoder {
        /** Checks begun, and those of them still held. */
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger checking = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String encode(CharSequence raw) {
            return raw.toString();
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            checking.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                checking.decrementAndGet();
            }
            return raw.toString().equals(encoded);
        }
    }

    private final HeldPasswords passwords = new HeldPasswords();
    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
    private final ThrottledSignIn signIn = new ThrottledSignIn(
            login -> User.withUsername(login).password("right-password").roles("USER").build(), passwords, throttle);

    /**
     * Each attempt used to ask "must this login wait?" before any of the others had failed, so a
     * burst of parallel guesses all had their password checked: hundreds of guesses instead of five.
     */
    @Test
    void parallelGuessesForOneLoginGetNoMorePasswordChecksThanGuessesOneByOne() throws Exception {
        var outcomes = signInAtOnce(12, i -> "guess-" + i);

        assertThat(passwords.checks.get()).as("passwords checked").isEqualTo(5);
        assertThat(outcomes).containsEntry("refused", 7L).containsEntry("wrong", 5L);
        assertThat(throttle.waitFor("anna", "203.0.113.1")).as("the five wrong guesses make the login wait").isPresent();
    }

    /** A script signing in with HTTP Basic for parallel requests is queued behind the checks under way, not refused. */
    @Test
    void parallelSignInsWithTheRightPasswordAllGetThrough() throws Exception {
        var outcomes = signInAtOnce(12, i -> "right-password");

        assertThat(outcomes).containsOnly(Map.entry("signed in", 12L));
    }

    /**
     * Starts the sign-ins together and holds every password check until as many are checked as
     * may be at once and the others queue behind them; then lets them all end.
     */
    private Map<String, Long> signInAtOnce(int attempts, IntFunction<String> password) throws Exception {
        var futures = new ArrayList<Future<String>>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                String guess = password.apply(i);
                String address = "198.51.100." + (i + 1);
                futures.add(pool.submit(() -> {
                    try {
                        signIn.authenticate(attempt("anna", guess, address));
                        return "signed in";
                    } catch (SignInThrottledException e) {
                        return "refused";
                    } catch (BadCredentialsException e) {
                        return "wrong";
                    }
                }));
            }
            try {
                Eventually.until(Duration.ofSeconds(20), "five are checked and the others queue behind them",
                        () -> passwords.checking.get() == 5 && throttle.queued() == attempts - 5);
            } finally {
                passwords.release.countDown();
            }
            var outcomes = new TreeMap<String, Long>();
            for (Future<String> f : futures) outcomes.merge(f.get(20, TimeUnit.SECONDS), 1L, Long::sum);
            return outcomes;
        }
    }

    @Test
    void aSignInThatEndsOtherwiseThanRightOrWrongLeavesNothingUnderWay() {
        var broken = new ThrottledSignIn(login -> {
            throw new IllegalStateException("the database is down");
        }, passwords, throttle);
        passwords.release.countDown();

        for (int i = 0; i < 6; i++) {
            try {
                broken.authenticate(attempt("bert", "any", "198.51.100.200"));
            } catch (RuntimeException e) {
                assertThat(e).isNotInstanceOf(SignInThrottledException.class);
            }
        }

        assertThat(throttle.waitFor("bert", "198.51.100.200")).isEmpty();
        assertThat(signIn.authenticate(attempt("bert", "right-password", "198.51.100.200")).isAuthenticated()).isTrue();
    }

    private static UsernamePasswordAuthenticationToken attempt(String login, String password, String address) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(login, password);
        attempt.setDetails(new WebAuthenticationDetails(address, null));
        return attempt;
    }
}
