package org.koppel.google;

import java.time.Clock;
import java.util.regex.Pattern;

import org.koppel.crm.Checks;
import org.koppel.oauth.ProviderUrls;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.GoogleAppStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reads and changes the Google app settings. Read at every use rather than cached, as the Microsoft
 * ones: they change rarely, and a cache would need invalidating on every node.
 */
@Service
public class GoogleAppSettings {

    /** What an admin sends. A null client secret keeps the stored one; blank URLs take Google's. */
    public record Change(String clientId, String clientSecret, String authorizationUrl, String tokenUrl, String revocationUrl,
                         String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl) {

        public Change(String clientId, String clientSecret) {
            this(clientId, clientSecret, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "GoogleAppSettings.Change[" + clientId + ", secret " + (clientSecret == null ? "kept" : "given") + "]";
        }
    }

    /** A web application's client id, as the Google Cloud console shows it: 1234-abc.apps.googleusercontent.com. */
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,150}\\.apps\\.googleusercontent\\.com");

    private final GoogleAppStore store;
    private final SecretBox secrets;
    private final Clock clock;

    public GoogleAppSettings(GoogleAppStore store, SecretBox secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public GoogleApp current() {
        GoogleAppStore.Row row = store.read();
        return new GoogleApp(row.clientId(), row.sealedClientSecret() != null, row.authorizationUrl(), row.tokenUrl(),
                row.revocationUrl(), row.peopleBaseUrl(), row.calendarBaseUrl(), row.tasksBaseUrl());
    }

    public GoogleApp update(Change change, KoppelUser admin) {
        if (!admin.admin()) throw new AccessDeniedException("the Google app settings need the admin role");
        String clientId = Checks.clean(change.clientId());
        var checks = new Checks();
        checks.required("clientId", clientId);
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            checks.problem("clientId", "'" + Checks.abbreviated(clientId) + "' is not an OAuth client id: copy the id ending in "
                    + ".apps.googleusercontent.com from Credentials in the Google Cloud console");
        }
        if (change.clientSecret() != null) {
            checks.required("clientSecret", Checks.clean(change.clientSecret())).text("clientSecret", change.clientSecret(), 1000);
        }
        String authorization = url(checks, "authorizationUrl", change.authorizationUrl(), GoogleApp.DEFAULT_AUTHORIZATION);
        String token = url(checks, "tokenUrl", change.tokenUrl(), GoogleApp.DEFAULT_TOKEN);
        String revocation = url(checks, "revocationUrl", change.revocationUrl(), GoogleApp.DEFAULT_REVOCATION);
        String people = url(checks, "peopleBaseUrl", change.peopleBaseUrl(), GoogleApp.DEFAULT_PEOPLE);
        String calendar = url(checks, "calendarBaseUrl", change.calendarBaseUrl(), GoogleApp.DEFAULT_CALENDAR);
        String tasks = url(checks, "tasksBaseUrl", change.tasksBaseUrl(), GoogleApp.DEFAULT_TASKS);
        checks.throwIfAny();
        GoogleAppStore.Row stored = store.read();
        String sealed = change.clientSecret() == null ? stored.sealedClientSecret() : secrets.seal(change.clientSecret().strip());
        store.write(new GoogleAppStore.Row(clientId, sealed, authorization, token, revocation, people, calendar, tasks),
                admin.employeeId(), clock.instant());
        return current();
    }

    /** The decrypted client secret, for the token endpoint only; null when none is set. */
    String clientSecret() {
        return secrets.open(store.read().sealedClientSecret());
    }

    private static String url(Checks checks, String field, String given, String fallback) {
        String clean = Checks.clean(given);
        String url = clean == null ? fallback : clean;
        ProviderUrls.check(checks, field, url);
        // the column's length: a longer address would fail the write as a misleading 409
        checks.text(field, url, 500);
        return ProviderUrls.stripSlash(url);
    }
}
