package org.koppel.testkit.google;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.google.GoogleAccounts;

/**
 * Google sign-in for tests that are not about sign-in: a connection's secret is the fake Google user's
 * name, and its tokens are access tokens the fake issues for that user ({@link FakeGoogleOAuth#issueAccessToken}).
 * Renewing gives a fresh one, until the test says the user revoked Koppel's access ({@link #revoke}): then
 * {@link PeerException.AuthExpired}, as a refresh answered {@code invalid_grant} would be.
 */
public final class FakeGoogleAccounts implements GoogleAccounts {

    private volatile FakeGoogle google;
    private volatile Set<String> scopes = Set.of(PeopleRoutes.CONTACTS);
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger renewals = new AtomicInteger();

    public FakeGoogleAccounts(FakeGoogle google) {
        this.google = google;
    }

    /** Points at another fake (a Spring bean outlives each test's fake). */
    public void use(FakeGoogle google) {
        this.google = google;
    }

    /** The scopes tokens are issued with from now on. */
    public void scopes(Set<String> scopes) {
        this.scopes = Set.copyOf(scopes);
    }

    public static String contactsScope() {
        return PeopleRoutes.CONTACTS;
    }

    /** Google Calendar: https://www.googleapis.com/auth/calendar.events, as Koppel asks for it. */
    public static String calendarScope() {
        return CalendarRoutes.EVENTS;
    }

    public static String tasksScope() {
        return TasksRoutes.TASKS;
    }

    public static String contactsReadonlyScope() {
        return PeopleRoutes.CONTACTS_READONLY;
    }

    /** The user removes Koppel's access: live tokens die and renewing fails. */
    public void revoke(String user) {
        revoked.add(user);
        google.oauth().userRevokes(user);
    }

    public int renewals() {
        return renewals.get();
    }

    @Override
    public AccessTokens tokens(Long connectionId, String secret) {
        String user = secret;
        return new AccessTokens() {
            private String current;

            @Override
            public synchronized String current() {
                if (current == null) current = issue(user);
                return current;
            }

            @Override
            public synchronized String renew(String rejected) {
                renewals.incrementAndGet();
                current = issue(user);
                return current;
            }
        };
    }

    private String issue(String user) {
        if (revoked.contains(user)) throw new PeerException.AuthExpired("Google refused the refresh token (invalid_grant)", null);
        return google.oauth().issueAccessToken(user, scopes);
    }

    @Override
    public URI peopleBaseUrl() {
        return google.peopleBaseUrl();
    }

    @Override
    public URI calendarBaseUrl() {
        return google.calendarBaseUrl();
    }

    @Override
    public URI tasksBaseUrl() {
        return google.tasksBaseUrl();
    }
}
