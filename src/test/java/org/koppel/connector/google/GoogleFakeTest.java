package org.koppel.connector.google;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.json.JsonMapper;

/** What the Google peer tests share: a Google fake of their own, its test sign-in with the scopes a test needs, one user. */
abstract class GoogleFakeTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Function<String, String> NONE_KNOWN = id -> null;

    FakeGoogle google;
    FakeGoogleAccounts accounts;
    final String user = "anna-" + UUID.randomUUID() + "@example.com";

    /** The scopes the sign-in grants beyond the default (contacts): none. */
    Set<String> scopes() {
        return Set.of();
    }

    @BeforeEach
    void start() {
        google = FakeGoogle.start();
        accounts = new FakeGoogleAccounts(google);
        if (!scopes().isEmpty()) accounts.scopes(scopes());
    }

    @AfterEach
    void stop() {
        google.close();
    }
}
