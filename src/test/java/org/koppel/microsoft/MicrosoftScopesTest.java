package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.koppel.sync.DataType;

import tools.jackson.databind.json.JsonMapper;

/** The permissions asked for, what a refresh may ask, and which sign-ins allow a data type. */
class MicrosoftScopesTest {

    @Test
    void aNewSignInAsksForTheSignInScopesAndOnePermissionPerDataTypeMailOnlyWhenEmailIsOn() {
        assertThat(MicrosoftScopes.all()).containsExactly("openid", "profile", "offline_access",
                "Calendars.ReadWrite", "Contacts.ReadWrite", "Mail.ReadWrite", "Tasks.ReadWrite");
        assertThat(MicrosoftScopes.forSignIn(true)).isEqualTo(MicrosoftScopes.all());
        assertThat(MicrosoftScopes.forSignIn(false)).as("mail access only when e-mail logging is on")
                .containsExactly("openid", "profile", "offline_access", "Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite");
        assertThat(MicrosoftRegistrations.SCOPES).isEqualTo(MicrosoftScopes.forSignIn(false));
        assertThat(MicrosoftScopes.of(DataType.EMAIL)).isEqualTo("Mail.ReadWrite");
        assertThat(MicrosoftScopes.of(DataType.CONTACTS)).isEqualTo("Contacts.ReadWrite");
        assertThat(MicrosoftScopes.of(DataType.APPOINTMENTS)).isEqualTo("Calendars.ReadWrite");
        assertThat(MicrosoftScopes.of(DataType.TASKS)).isEqualTo("Tasks.ReadWrite");
    }

    @Test
    void grantedScopesAreMatchedByNameWhateverTheirCaseOrResourcePrefix() {
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite Tasks.ReadWrite", DataType.TASKS)).isTrue();
        assertThat(MicrosoftScopes.grants("https://graph.microsoft.com/tasks.readwrite https://graph.microsoft.com/User.Read",
                DataType.TASKS)).isTrue();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite", DataType.TASKS)).isFalse();
        assertThat(MicrosoftScopes.grants("Tasks.Read", DataType.TASKS)).as("read-only is not enough to sync").isFalse();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite Tasks.ReadWrite", DataType.EMAIL)).isFalse();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite", DataType.APPOINTMENTS)).isFalse();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite Calendars.ReadWrite", DataType.APPOINTMENTS)).isTrue();
        assertThat(MicrosoftScopes.grants("https://graph.microsoft.com/calendars.readwrite https://graph.microsoft.com/User.Read",
                DataType.APPOINTMENTS)).isTrue();
        assertThat(MicrosoftScopes.grants("Calendars.Read", DataType.APPOINTMENTS)).as("reading is not enough").isFalse();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite Mail.ReadWrite", DataType.EMAIL)).isTrue();
        assertThat(MicrosoftScopes.grants("Contacts.ReadWrite Mail.Read", DataType.EMAIL)).as("marking needs write access").isFalse();
    }

    @Test
    void tokensStoredWithoutAScopeAreTakenToGrantWhatTheSignInAskedForThenContactsOnly() {
        assertThat(MicrosoftScopes.grants(null, DataType.CONTACTS)).isTrue();
        assertThat(MicrosoftScopes.grants(null, DataType.APPOINTMENTS)).isFalse();
        assertThat(MicrosoftScopes.grants(null, DataType.TASKS)).isFalse();
        assertThat(MicrosoftScopes.grants(null, DataType.EMAIL)).isFalse();
        assertThat(MicrosoftScopes.forRefresh(null)).containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite");
    }

    @Test
    void aRefreshAsksOnlyForTheGrantedPermissions() {
        assertThat(MicrosoftScopes.forRefresh("Contacts.ReadWrite Tasks.ReadWrite"))
                .containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite", "Tasks.ReadWrite");
        assertThat(MicrosoftScopes.forRefresh("Contacts.ReadWrite Calendars.ReadWrite"))
                .containsExactly("openid", "profile", "offline_access", "Calendars.ReadWrite", "Contacts.ReadWrite");
        assertThat(MicrosoftScopes.forRefresh("Contacts.ReadWrite Mail.ReadWrite"))
                .as("a sign-in that allowed mail keeps it at refresh; one that did not is not asked for it")
                .containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite", "Mail.ReadWrite");
        assertThat(MicrosoftScopes.forRefresh("https://graph.microsoft.com/Contacts.ReadWrite"))
                .containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite");
    }

    @Test
    void theSameGrantIsKeptAsTheSameTextWhateverOrderMicrosoftNamesIt() {
        assertThat(MicrosoftScopes.kept(" Tasks.ReadWrite Contacts.ReadWrite  Calendars.ReadWrite"))
                .isEqualTo(MicrosoftScopes.kept("Calendars.ReadWrite Tasks.ReadWrite Contacts.ReadWrite"))
                .isEqualTo("Calendars.ReadWrite Contacts.ReadWrite Tasks.ReadWrite");
    }

    @Test
    void theGrantedScopeIsStoredWithTheTokensAndOldSecretsStillRead() {
        var json = JsonMapper.builder().build();
        var tokens = new MicrosoftTokens("at", "rt", Instant.parse("2026-12-03T10:00:00Z"), "oid", "Contacts.ReadWrite Tasks.ReadWrite");
        assertThat(MicrosoftTokens.parse(tokens.toJson(json), json)).isEqualTo(tokens);
        assertThat(MicrosoftTokens.parse("{\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"expiresAt\":\"2026-12-03T10:00:00Z\","
                + "\"userId\":\"oid\"}", json).scope()).isNull();
    }
}
