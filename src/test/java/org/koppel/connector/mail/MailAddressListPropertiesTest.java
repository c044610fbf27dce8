package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Addresses written in every way mail programs write them read back as themselves, in order. */
class MailAddressListPropertiesTest {

    record Written(String address, String name, int style) {

        /** The address as one of the shapes real headers carry. */
        String header() {
            return switch (name == null ? 0 : style) {
                case 0 -> address;
                case 1 -> "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
                case 2 -> TestMails.bWord(name, StandardCharsets.UTF_8) + " <" + address + ">";
                case 3 -> name + " <" + address + ">";   // unquoted, commas and all
                default -> address + " (" + name + ")";
            };
        }
    }

    @Property(tries = 300)
    void everyAddressIsReadBackInOrderWithItsName(@ForAll("lists") List<Written> written, @ForAll("folds") String fold) {
        String header = written.stream().map(Written::header).collect(Collectors.joining("," + fold));

        List<MailAddress> read = MailAddressList.parse(header, "To", new MailNotes());

        List<String> distinct = written.stream().map(Written::address).distinct().toList();
        assertThat(read).extracting(MailAddress::address).containsExactlyElementsOf(distinct);
        for (MailAddress address : read) {
            Written first = written.stream().filter(w -> w.address().equals(address.address())).findFirst().orElseThrow();
            assertThat(address.name()).isEqualTo(first.name() == null ? null : first.name().strip().replaceAll("\\s+", " "));
        }
    }

    @Provide
    Arbitrary<List<Written>> lists() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcxyz0189._-+").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.startsWith(".") && !s.endsWith("."));
        Arbitrary<String> domain = Arbitraries.of("example.com", "example.nl", "sub.example.org", "xn--mnchen-3ya.example");
        Arbitrary<String> address = Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
        Arbitrary<String> name = Arbitraries.of("Jan de Boer", "Doe, John", "Müller, Jürgen", "Łukasz", "東京 太郎",
                "O'Brien", "Smith \"Bob\" Jones", "A. B. C.", "van Dijk,  Lotte").injectNull(0.3);
        Arbitrary<Written> written = Combinators.combine(address, name, Arbitraries.integers().between(1, 4))
                .as(Written::new)
                // A name with a comma or quote in an unquoted or comment form is not what any client writes.
                .filter(w -> w.name() == null || w.style() < 3 || !w.name().matches(".*[,\"].*"));
        return written.list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> folds() {
        return Arbitraries.of(" ", "", "\r\n ", "\r\n\t", "\n  ");
    }
}
