package org.koppel.google;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koppel.sync.DataType;

class GoogleScopesTest {

    @Test
    void aSignInAsksForCalendarAndTasksOnlyWhenThoseAreSynced() {
        assertThat(GoogleScopes.forSignIn(false, false)).containsExactly("openid", "email",
                "https://www.googleapis.com/auth/contacts");
        assertThat(GoogleScopes.forSignIn(true, false)).contains("https://www.googleapis.com/auth/calendar.events")
                .doesNotContain("https://www.googleapis.com/auth/tasks");
        assertThat(GoogleScopes.forSignIn(false, true)).contains("https://www.googleapis.com/auth/tasks")
                .doesNotContain("https://www.googleapis.com/auth/calendar.events");
    }

    @Test
    void whatWasGrantedDecidesWhichDataTypesTheTokensAllow() {
        // Google lets the user untick a scope on the consent screen: the token response's scope is what counts
        String granted = "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/contacts";

        assertThat(GoogleScopes.grants(granted, DataType.CONTACTS)).isTrue();
        assertThat(GoogleScopes.grants(granted, DataType.APPOINTMENTS)).isFalse();
        assertThat(GoogleScopes.grants(granted, DataType.EMAIL)).as("not a Google data type").isFalse();
        assertThat(GoogleScopes.grants(null, DataType.CONTACTS)).isFalse();
        assertThat(GoogleScopes.kept(" b a  b ")).isEqualTo("a b");
    }
}
