package org.koppel.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.koppel.sync.DataType;

/** The permissions asked for, what a refresh may ask, and which sign-ins lack a data type's permission. */
class MicrosoftScopesTest {

    @Test
    void theSignInAsksForTheBasicsAndEachDataTypesPermission() {
        assertThat(MicrosoftScopes.all()).containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite",
                "Calendars.ReadWrite");
        assertThat(MicrosoftRegistrations.SCOPES).isEqualTo(MicrosoftScopes.all());
    }

    @Test
    void aSignInFromBeforeScopesWereKeptLacksCalendarsButNotContacts() {
        assertThat(MicrosoftScopes.lacks(null, DataType.APPOINTMENTS)).isTrue();
        assertThat(MicrosoftScopes.lacks(null, DataType.CONTACTS)).isFalse();
    }

    @Test
    void grantedScopesAreReadAsMicrosoftWritesThem() {
        assertThat(MicrosoftScopes.lacks("Contacts.ReadWrite", DataType.APPOINTMENTS)).isTrue();
        assertThat(MicrosoftScopes.lacks("Contacts.ReadWrite Calendars.ReadWrite", DataType.APPOINTMENTS)).isFalse();
        assertThat(MicrosoftScopes.lacks("https://graph.microsoft.com/calendars.readwrite https://graph.microsoft.com/User.Read",
                DataType.APPOINTMENTS)).isFalse();
        assertThat(MicrosoftScopes.lacks("Calendars.Read", DataType.APPOINTMENTS)).as("reading is not enough").isTrue();
    }

    @Test
    void aRefreshAsksForNoMoreThanTheTokensWereGranted() {
        Instant later = Instant.parse("2026-12-03T12:00:00Z");
        assertThat(MicrosoftScopes.forRefresh(new MicrosoftTokens("a", "r", later, "u")))
                .containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite");
        assertThat(MicrosoftScopes.forRefresh(new MicrosoftTokens("a", "r", later, "u", "Contacts.ReadWrite Calendars.ReadWrite")))
                .containsExactly("openid", "profile", "offline_access", "Contacts.ReadWrite", "Calendars.ReadWrite");
    }
}
