package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64StreamTest {

    @Test
    void decodesWhatTheJdkEncodesAcrossBufferBoundaries() throws IOException {
        byte[] bytes = new byte[100_003];
        new Random(3).nextBytes(bytes);

        assertThat(decode(TestMails.base64Lines(bytes))).isEqualTo(bytes);
    }

    @Test
    void aCutOffEndGivesTheWholeBytesItHolds() throws IOException {
        assertThat(text("SGFsbG8gd2VyZWxkIQ")).isEqualTo("Hallo wereld!");
        assertThat(text("SGFsbG8gd2VyZWxkI")).isEqualTo("Hallo wereld");
    }

    @Test
    void strayCharactersAreSkippedAndPaddingEndsOneRunWithoutEndingTheNext() throws IOException {
        assertThat(text("SGFs!!bG8*\r\n")).isEqualTo("Hallo");
        assertThat(text("SGE=SGE=")).isEqualTo("HaHa");
    }

    private static String text(String base64) throws IOException {
        return new String(decode(base64), StandardCharsets.ISO_8859_1);
    }

    private static byte[] decode(String base64) throws IOException {
        try (Base64Stream in = new Base64Stream(new ByteArrayInputStream(base64.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }

}
