package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionUrlsTest {

    @ParameterizedTest
    @CsvSource({
            "https://alice:secret@dav.example.com/, https://alice:****@dav.example.com/",
            "alice:secret@dav.example.com, alice:****@dav.example.com",
            "https://alice:p@ss@dav.example.com/x, https://alice:****@dav.example.com/x",
            "https://alice:@dav.example.com, https://alice:****@dav.example.com",
            "HTTPS://a:b@h:8443/dav?x=1, HTTPS://a:****@h:8443/dav?x=1",
    })
    void aPasswordInTheUserPartIsFoundAndMasked(String url, String masked) {
        assertThat(ConnectionUrls.holdsPassword(url)).isTrue();
        assertThat(ConnectionUrls.withoutPassword(url)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://dav.example.com/", "https://alice@dav.example.com/", "dav.example.com:8443/a@b",
            "https://dav.example.com/path/user:x@y", "alice@contoso.com", "true", "", "https://h/?q=a:b@c"})
    void anAddressWithoutPasswordIsLeftAlone(String value) {
        assertThat(ConnectionUrls.holdsPassword(value)).isFalse();
        assertThat(ConnectionUrls.withoutPassword(value)).isEqualTo(value);
    }
}
