package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.koppel.connector.PeerException;

/** Whatever bytes come in, the result is a mail read or a mail refused, never another failure. */
class MimeMailPropertiesTest {

    private static final List<byte[]> SEEDS = List.of(TestMails.resource("outlook.eml"), TestMails.resource("gmail.eml"),
            TestMails.resource("apple-mail.eml"), TestMails.resource("outlook-winmail.eml"));

    @Property(tries = 300)
    void anyBytesAreReadOrRefused(@ForAll byte[] bytes) {
        assertReadOrRefused(bytes);
    }

    @Property(tries = 400)
    void aRealMailMutatedIsReadOrRefused(@ForAll("mutatedMails") byte[] mail) {
        assertReadOrRefused(mail);
    }

    @Provide
    Arbitrary<byte[]> mutatedMails() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.bytes(), Arbitraries.of("\r\n", "--", ";", "=?", "?=", "=", "\"", "<", ">", ":", "\u0000",
                        "boundary=", "charset=x", "\r\n\r\n", "Content-Type: multipart/mixed; boundary=x\r\n"))
                .as(MimeMailPropertiesTest::mutate);
    }

    private static byte[] mutate(byte[] seed, int kind, double where, byte value, String text) {
        int at = (int) (where * seed.length);
        return switch (kind) {
            case 0 -> Arrays.copyOf(seed, at);   // cut off
            case 1 -> {
                byte[] flipped = seed.clone();
                flipped[Math.min(at, seed.length - 1)] = value;
                yield flipped;
            }
            case 2 -> TestMails.concat(Arrays.copyOf(seed, at), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    Arrays.copyOfRange(seed, at, seed.length));
            case 3 -> TestMails.concat(Arrays.copyOf(seed, at), Arrays.copyOfRange(seed, Math.min(seed.length, at + 40),
                    seed.length));
            default -> TestMails.concat(Arrays.copyOfRange(seed, at, seed.length), Arrays.copyOf(seed, at));
        };
    }

    private static void assertReadOrRefused(byte[] bytes) {
        try {
            ParsedMail mail = TestMails.parse(bytes);
            assertThat(mail.messageId()).isNotBlank();
            assertThat(mail.text()).isNotNull();
        } catch (PeerException.ItemRejected refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
