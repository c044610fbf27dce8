package org.koppel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The login throttle's arithmetic, on a clock the test moves: no sleeping. */
class LoginThrottleTest {

    /** A clock that stands still until the test moves it. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void fiveFailuresForALoginMakeItWaitAMinuteThenTheWaitDoublesUpToFifteenMinutes() {
        for (int i = 0; i < 4; i++) {
            fail(throttle, "anna", "192.0.2." + i);
            assertThat(throttle.waitFor("anna", "192.0.2.99")).as("after %d failures", i + 1).isEmpty();
        }
        fail(throttle, "anna", "192.0.2.4");
        assertThat(throttle.waitFor("anna", "192.0.2.99")).as("from any address").contains(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("bert", "192.0.2.99")).as("other logins go on").isEmpty();

        for (Duration expected : new Duration[] {Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(15)}) {
            clock.advance(throttle.waitFor("anna", "192.0.2.99").orElseThrow());
            assertThat(throttle.waitFor("anna", "192.0.2.99")).as("the wait is over").isEmpty();
            fail(throttle, "anna", "192.0.2.50");
            assertThat(throttle.waitFor("anna", "192.0.2.99")).contains(expected);
        }
    }

    @Test
    void attemptsDuringTheWaitDoNotLengthenIt() {
        for (int i = 0; i < 5; i++) fail(throttle, "anna", "192.0.2.1");
        clock.advance(Duration.ofSeconds(40));
        // a refused attempt never reaches failed(): ThrottledSignIn refuses before checking the password
        assertThat(throttle.waitFor("anna", "192.0.2.1")).contains(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.waitFor("anna", "192.0.2.1")).isEmpty();
    }

    @Test
    void aRightPasswordForgetsTheLoginsFailures() {
        for (int i = 0; i < 4; i++) fail(throttle, "anna", "192.0.2.1");
        succeed(throttle, "anna", "192.0.2.1");
        for (int i = 0; i < 4; i++) fail(throttle, "anna", "192.0.2.1");

        assertThat(throttle.waitFor("anna", "192.0.2.2")).as("4 + 4 failures with a success between").isEmpty();
    }

    @Test
    void failuresAreForgottenFifteenMinutesAfterTheLastOne() {
        for (int i = 0; i < 4; i++) fail(throttle, "anna", "192.0.2.1");
        clock.advance(Duration.ofMinutes(15));
        fail(throttle, "anna", "192.0.2.1");

        assertThat(throttle.waitFor("anna", "192.0.2.1")).as("a fresh count").isEmpty();
    }

    @Test
    void twentyFailuresFromOneAddressMakeThatAddressWaitWhateverTheLogin() {
        for (int i = 0; i < 18; i++) fail(throttle, "login-" + i, "198.51.100.7");
        succeed(throttle, "someone", "198.51.100.7");
        fail(throttle, "login-18", "198.51.100.7");
        assertThat(throttle.waitFor("someone", "198.51.100.7")).as("19 failures").isEmpty();

        fail(throttle, "login-19", "198.51.100.7");

        assertThat(throttle.waitFor("someone", "198.51.100.7")).as("one good account did not clear the address")
                .contains(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("someone", "198.51.100.8")).as("other addresses go on").isEmpty();
    }

    @Test
    void anIpv6ClientCountsAsItsWhole64NotAddressByAddress() {
        for (int i = 0; i < 20; i++) fail(throttle, "login-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));

        assertThat(throttle.waitFor("someone", "2001:db8:1:2:ffff:ffff:ffff:ffff")).as("another address in the /64")
                .contains(Duration.ofMinutes(1));
        assertThat(throttle.waitFor("someone", "2001:db8:1:3::1")).as("the next /64").isEmpty();
        assertThat(LoginThrottle.addressKey("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0:0:0:0:0/64");
        assertThat(LoginThrottle.addressKey("::ffff:192.0.2.7")).as("IPv4, written as IPv6").isEqualTo("192.0.2.7");
        assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    /** The count of keys is capped; a login of a megabyte each would still have filled the memory. */
    @Test
    void aLoginOrAddressLongerThanAnyCanBeIsCountedByItsStart() {
        String prefix = "x".repeat(LoginThrottle.LONGEST_LOGIN);
        for (int i = 0; i < 5; i++) fail(throttle, prefix + "-guess-" + i, "192.0.2." + i);

        assertThat(throttle.waitFor(prefix + "-another", "192.0.2.99")).contains(Duration.ofMinutes(1));
        assertThat(throttle.keys()).as("one login and five addresses").isEqualTo(6);
        assertThat(LoginThrottle.addressKey("y".repeat(100_000))).as("forwarded by a proxy, as it came").hasSize(64);
    }

    @Test
    void checksUnderWayCountAgainstTheLimitAndGoOneAtATimeOnceItWasReached() {
        // queued for no time: what a sign-in queued behind the checks under way would be told if they never ended
        var unqueued = new LoginThrottle(new LoginThrottle.Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1),
                Duration.ofMinutes(15), 100_000, Duration.ZERO), clock);
        for (int i = 0; i < 5; i++) assertThat(unqueued.begin("anna", "192.0.2." + i)).isEmpty();
        assertThat(unqueued.begin("anna", "192.0.2.9")).as("a sixth while five are checked").contains(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) unqueued.failed("anna", "192.0.2." + i);

        clock.advance(unqueued.waitFor("anna", null).orElseThrow());
        assertThat(unqueued.begin("anna", "192.0.2.10")).isEmpty();
        assertThat(unqueued.begin("anna", "192.0.2.11")).as("after a wait, one at a time").isPresent();
        unqueued.succeeded("anna", "192.0.2.10");
        assertThat(unqueued.begin("anna", "192.0.2.11")).as("the right password ended the wait").isEmpty();
        unqueued.abandoned("anna", "192.0.2.11");
        assertThat(unqueued.keys()).as("nothing is left under way").isEqualTo(5);
    }

    @Test
    void manyDifferentLoginsDoNotGrowMemoryWithoutBound() {
        var small = new LoginThrottle(new LoginThrottle.Limits(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1),
                Duration.ofMinutes(15), 100, Duration.ZERO), clock);
        for (int i = 0; i < 100; i++) fail(small, "old-" + i, null);
        clock.advance(Duration.ofMinutes(16));
        for (int i = 0; i < 10; i++) fail(small, "new-" + i, null);
        for (int i = 0; i < 5; i++) fail(small, "anna", null);

        assertThat(small.waitFor("anna", null)).isPresent();
        assertThat(small.keys()).as("the expired ones were dropped").isLessThanOrEqualTo(11);

        for (int i = 0; i < 500; i++) fail(small, "flood-" + i, null);
        assertThat(small.keys()).as("a flood within the window").isLessThanOrEqualTo(101);
        assertThat(small.waitFor("anna", null)).as("a login that waits keeps waiting").isPresent();
    }

    /** A check begun and ended with a wrong password, as ThrottledSignIn does. */
    private static void fail(LoginThrottle throttle, String login, String address) {
        assertThat(throttle.begin(login, address)).as("%s from %s may try", login, address).isEmpty();
        throttle.failed(login, address);
    }

    private static void succeed(LoginThrottle throttle, String login, String address) {
        assertThat(throttle.begin(login, address)).as("%s from %s may try", login, address).isEmpty();
        throttle.succeeded(login, address);
    }
}
