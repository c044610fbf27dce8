package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.testkit.Api;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One's own UI language and time zone through /api/v1/me. Runs on H2 and on PostgreSQL through its subclasses. */
abstract class PreferencesApiContract {

    @LocalServerPort int port;
    @Autowired Samples samples;
    Employee user;
    Api asUser;

    @BeforeEach
    void setUp() {
        user = samples.employee("prefs", EmployeeRole.USER);
        asUser = Api.basic(port, user.login(), Samples.password(user.login()));
    }

    @Test
    void meShowsNoChoiceUntilOneIsMadeThenThePatchedOneLeavingTheOtherAsItWas() {
        var fresh = asUser.get("/api/v1/me");
        assertThat(fresh.body().get("login").asString()).isEqualTo(user.login());
        assertThat(fresh.body().get("language").isNull()).isTrue();
        assertThat(fresh.body().get("timeZone").isNull()).isTrue();

        assertThat(asUser.patch("/api/v1/me", "{\"language\": \"nl\", \"timeZone\": \"Europe/Rome\"}", h -> { }).status())
                .isEqualTo(200);
        var patched = asUser.patch("/api/v1/me", "{\"language\": \"it\"}", h -> { });

        assertThat(patched.body().get("language").asString()).isEqualTo("it");
        assertThat(patched.body().get("timeZone").asString()).isEqualTo("Europe/Rome");
        assertThat(patched.body().get("displayName").asString()).isEqualTo(user.displayName());
        assertThat(asUser.get("/api/v1/me/preferences").body().toString()).contains("\"it\"", "Europe/Rome");
    }

    @Test
    void nullClearsAChoiceAndPutSetsBothAtOnce() {
        asUser.put("/api/v1/me/preferences", "{\"language\": \"nl\", \"timeZone\": \"America/New_York\"}", h -> { });

        var cleared = asUser.patch("/api/v1/me", "{\"timeZone\": null}", h -> { });
        assertThat(cleared.body().get("language").asString()).isEqualTo("nl");
        assertThat(cleared.body().get("timeZone").isNull()).isTrue();

        var replaced = asUser.put("/api/v1/me/preferences", "{\"timeZone\": \"Asia/Tokyo\"}", h -> { });
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().get("language").isNull()).as("absent in a PUT: cleared").isTrue();
        assertThat(replaced.body().get("timeZone").asString()).isEqualTo("Asia/Tokyo");
    }

    @Test
    void anUnknownLanguageOrZoneIsRefusedNamingTheFieldAndNothingChanges() {
        asUser.patch("/api/v1/me", "{\"language\": \"nl\"}", h -> { });

        var refused = asUser.patch("/api/v1/me", "{\"language\": \"fr\", \"timeZone\": \"Mars/Olympus_Mons\"}", h -> { });

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reasonsFor("language")).singleElement().asString().contains("en, nl, it");
        assertThat(refused.reasonsFor("timeZone")).singleElement().asString().contains("Europe/Amsterdam");
        assertThat(asUser.get("/api/v1/me").body().get("language").asString()).isEqualTo("nl");
        assertThat(asUser.patch("/api/v1/me", "{\"timeZone\": \"+01:00\"}", h -> { }).reasonsFor("timeZone"))
                .as("an offset ignores summer time").hasSize(1);
    }

    @Test
    void theOpenApiDocumentShowsHowToSetThem() {
        var paths = Api.anonymous(port).get("/v3/api-docs").body().get("paths");

        assertThat(paths.get("/api/v1/me").has("patch")).isTrue();
        assertThat(paths.get("/api/v1/me/preferences").has("put")).isTrue();
        assertThat(paths.get("/api/v1/me").get("patch").get("requestBody").toString()).contains("language", "timeZone");
    }

    @Test
    void otherFieldsOfMeAreNotChangedThroughThePatch() {
        var refused = asUser.patch("/api/v1/me", "{\"displayName\": \"Someone Else\"}", h -> { });

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.reasonsFor("displayName")).hasSize(1);
        assertThat(asUser.get("/api/v1/me").body().get("displayName").asString()).isEqualTo(user.displayName());
    }
}
