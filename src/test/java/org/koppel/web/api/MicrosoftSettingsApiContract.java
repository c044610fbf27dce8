package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.microsoft.MicrosoftApp;
import org.koppel.store.MicrosoftAppStore;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.koppel.testkit.TestUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The Microsoft app settings through the API: admins only, the client secret in and never out. */
abstract class MicrosoftSettingsApiContract {

    static final String PATH = "/api/v1/settings/microsoft";
    static final String CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
    static final String SECRET = "Xy8Q~client-secret-value-4711";

    @LocalServerPort int port;
    @Autowired Samples samples;
    @Autowired JdbcClient jdbc;
    Api admin;

    @Autowired MicrosoftAppStore store;

    /** Other test classes share this context's database and set the app up; each test starts from none. */
    @BeforeEach
    void setUp() {
        admin = Api.basic(port, TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD);
        store.write(new MicrosoftAppStore.Row(null, null, MicrosoftApp.DEFAULT_TENANT, MicrosoftApp.DEFAULT_AUTHORITY,
                MicrosoftApp.DEFAULT_GRAPH), 0, java.time.Instant.now());
    }

    @Test
    void anAppNotSetUpShowsMicrosoftsDefaults() {
        var settings = admin.get(PATH);

        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body().get("configured").asBoolean()).isFalse();
        assertThat(settings.body().get("clientSecretSet").asBoolean()).isFalse();
        assertThat(settings.body().get("tenant").asString()).isEqualTo("organizations");
        assertThat(settings.body().get("authorityBaseUrl").asString()).isEqualTo("https://login.microsoftonline.com");
        assertThat(settings.body().get("graphBaseUrl").asString()).isEqualTo("https://graph.microsoft.com/v1.0");
        assertThat(settings.body().get("redirectUri").asString())
                .isEqualTo("http://localhost:" + port + "/connections/microsoft/callback");
    }

    @Test
    void theClientSecretIsStoredEncryptedAndNeverReturned() {
        var saved = admin.put(PATH, """
                {"clientId": "%s", "clientSecret": "%s", "tenant": "contoso.onmicrosoft.com"}""".formatted(CLIENT_ID, SECRET), h -> { });

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().toString()).doesNotContain(SECRET);
        assertThat(saved.body().get("clientSecretSet").asBoolean()).isTrue();
        assertThat(saved.body().get("configured").asBoolean()).isTrue();
        assertThat(saved.body().get("tenant").asString()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(admin.get(PATH).body().toString()).doesNotContain(SECRET);
        String stored = jdbc.sql("SELECT client_secret FROM microsoft_app").query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(SECRET);

        // a GET sent back as it came keeps the secret: the answer's fields are accepted and the secret is left alone
        var roundTrip = admin.put(PATH, admin.get(PATH).body().toString(), h -> { });
        assertThat(roundTrip.status()).isEqualTo(200);
        assertThat(roundTrip.body().get("clientSecretSet").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT client_secret FROM microsoft_app").query(String.class).single()).isEqualTo(stored);
    }

    @Test
    void othersThanAdminsCannotReadOrChangeIt() {
        var user = samples.employee("erik", EmployeeRole.USER);
        var asUser = Api.basic(port, user.login(), Samples.password(user.login()));
        String before = admin.get(PATH).body().toString();

        assertThat(asUser.get(PATH).status()).isEqualTo(403);
        assertThat(asUser.put(PATH, "{\"clientId\": \"%s\"}".formatted(CLIENT_ID), h -> { }).status()).isEqualTo(403);
        assertThat(Api.anonymous(port).get(PATH).status()).isEqualTo(401);
        assertThat(admin.get(PATH).body().toString()).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        var plainHttp = admin.put(PATH, """
                {"clientId": "%s", "authorityBaseUrl": "http://login.example.com"}""".formatted(CLIENT_ID), h -> { });
        assertThat(plainHttp.status()).isEqualTo(400);
        assertThat(plainHttp.headers().getContentType().toString()).startsWith("application/problem+json");
        assertThat(plainHttp.reasonsFor("authorityBaseUrl")).singleElement().asString().contains("https");

        var several = admin.put(PATH, """
                {"clientId": "my app", "graphBaseUrl": "graph.microsoft.com", "tenant": "a b"}""", h -> { });
        assertThat(several.reasonsFor("clientId")).singleElement().asString().contains("not an application (client) id");
        assertThat(several.reasonsFor("graphBaseUrl")).singleElement().asString().contains("not a web address");
        assertThat(several.reasonsFor("tenant")).hasSize(1);
        assertThat(admin.put(PATH, "{\"tenant\": \"organizations\"}", h -> { }).reasonsFor("clientId"))
                .containsExactly("is required");

        // loopback may be plain http: tests, or a proxy on the same machine
        var loopback = admin.put(PATH, """
                {"clientId": "%s", "authorityBaseUrl": "http://127.0.0.1:8123/", "graphBaseUrl": "http://localhost:8124/v1.0"}"""
                .formatted(CLIENT_ID), h -> { });
        assertThat(loopback.status()).isEqualTo(200);
        assertThat(loopback.body().get("authorityBaseUrl").asString()).isEqualTo("http://127.0.0.1:8123");
        assertThat(loopback.body().get("configured").asBoolean()).as("no secret yet").isFalse();
    }

    @Test
    void anAddressLongerThanItsColumnIsABadRequestNotAConflict() {
        var tooLong = admin.put(PATH, """
                {"clientId": "%s", "graphBaseUrl": "https://graph.example.com/%s"}""".formatted(CLIENT_ID, "v".repeat(600)), h -> { });

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.reasonsFor("graphBaseUrl")).singleElement().asString().contains("at most 500");
    }
}
