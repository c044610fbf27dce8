package org.koppel.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.koppel.security.SecretBox;

/** A node started with another secret key than the one the stored secrets were sealed with refuses to start. */
class SecretKeyCheckTest {

    static final String KEY = "J1iEM9NmoMBIFQWnpHRmw/1xTv+5gEu+c7pnX6UaUFU=";
    static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void aNodeWhoseKeyCannotOpenTheStoredSecretsDoesNotStart() {
        String sealed = new SecretBox(KEY, Path.of("unused")).seal("app-password");
        var otherNode = new SecretKeyCheck(null, new SecretBox(OTHER_KEY, Path.of("unused")));

        assertThatThrownBy(() -> otherNode.check(sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same KOPPEL_SECRET_KEY");
    }

    @Test
    void aNodeWithTheSameKeyStarts() {
        String sealed = new SecretBox(KEY, Path.of("unused")).seal("app-password");

        assertThatCode(() -> new SecretKeyCheck(null, new SecretBox(KEY, Path.of("unused"))).check(sealed))
                .doesNotThrowAnyException();
    }
}
