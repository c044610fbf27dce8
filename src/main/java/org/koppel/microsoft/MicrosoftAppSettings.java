package org.koppel.microsoft;

import java.time.Clock;
import java.util.regex.Pattern;

import org.koppel.crm.Checks;
import org.koppel.oauth.ProviderUrls;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.MicrosoftAppStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Reads and changes the Microsoft app settings. Read at every use rather than cached: they change
 * rarely, are read only when someone signs in or a token is refreshed, and a cache would need
 * invalidating on every node.
 */
@Service
public class MicrosoftAppSettings {

    /** What an admin sends. A null client secret keeps the stored one; blank URLs and tenant take the defaults. */
    public record Change(String clientId, String clientSecret, String tenant, String authorityBaseUrl, String graphBaseUrl) {

        @Override
        public String toString() {
            return "MicrosoftAppSettings.Change[" + clientId + ", secret " + (clientSecret == null ? "kept" : "given") + "]";
        }
    }

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // organizations, common, consumers, a tenant GUID or a domain such as contoso.onmicrosoft.com
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,199}");

    private final MicrosoftAppStore store;
    private final SecretBox secrets;
    private final Clock clock;

    public MicrosoftAppSettings(MicrosoftAppStore store, SecretBox secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    public MicrosoftApp current() {
        return view(store.read());
    }

    public MicrosoftApp update(Change change, KoppelUser admin) {
        if (!admin.admin()) throw new AccessDeniedException("the Microsoft app settings need the admin role");
        String clientId = Checks.clean(change.clientId());
        String tenant = orDefault(change.tenant(), MicrosoftApp.DEFAULT_TENANT);
        String authority = orDefault(change.authorityBaseUrl(), MicrosoftApp.DEFAULT_AUTHORITY);
        String graph = orDefault(change.graphBaseUrl(), MicrosoftApp.DEFAULT_GRAPH);
        var checks = new Checks();
        checks.required("clientId", clientId);
        if (clientId != null && !GUID.matcher(clientId).matches()) {
            checks.problem("clientId", "'" + clientId + "' is not an application (client) id: copy the id shaped like "
                    + "00001111-aaaa-2222-bbbb-3333cccc4444 from the app's overview in the Microsoft Entra admin center");
        }
        if (change.clientSecret() != null) {
            checks.required("clientSecret", Checks.clean(change.clientSecret())).text("clientSecret", change.clientSecret(), 1000);
        }
        if (!TENANT.matcher(tenant).matches()) {
            checks.problem("tenant", "is not a tenant: use organizations, common, a tenant id or a domain such as contoso.onmicrosoft.com");
        }
        checkUrl(checks, "authorityBaseUrl", authority);
        checkUrl(checks, "graphBaseUrl", graph);
        // The columns' length: a longer address used to fail the write as a misleading 409.
        checks.text("authorityBaseUrl", authority, 500).text("graphBaseUrl", graph, 500);
        checks.throwIfAny();
        MicrosoftAppStore.Row stored = store.read();
        String sealed = change.clientSecret() == null ? stored.sealedClientSecret() : secrets.seal(change.clientSecret().strip());
        store.write(new MicrosoftAppStore.Row(clientId, sealed, tenant, stripSlash(authority), stripSlash(graph)),
                admin.employeeId(), clock.instant());
        return current();
    }

    /** The decrypted client secret, for the token endpoint only; null when none is set. */
    String clientSecret() {
        return secrets.open(store.read().sealedClientSecret());
    }

    private static MicrosoftApp view(MicrosoftAppStore.Row row) {
        return new MicrosoftApp(row.clientId(), row.sealedClientSecret() != null, row.tenant(), row.authorityBaseUrl(),
                row.graphBaseUrl());
    }

    static void checkUrl(Checks checks, String field, String url) {
        ProviderUrls.check(checks, field, url);
    }

    private static String orDefault(String value, String fallback) {
        String clean = Checks.clean(value);
        return clean == null ? fallback : clean;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
