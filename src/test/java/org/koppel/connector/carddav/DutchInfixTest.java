package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The infix travels through a card and back, also after a phone that knows nothing of Koppel. */
class DutchInfixTest {

    private static final List<String> GIVEN = List.of("Jan", "Anne-Marie", "Zoë", "Jörg", "Ébène", "Kees", "Lotte", "Sanne",
            "Mohammed", "Fleur", "Hendrik Jan");
    /** Surnames that do not begin with a tussenvoegsel word, so a phone edit cannot make them look like one. */
    private static final List<String> PLAIN_FAMILY = List.of("Berg", "Vries", "Jong", "Heuvel", "Bosch", "Veld", "Hof",
            "Wal-Ébène", "Dijk", "Terhorst", "Vandenberg", "Horst", "Brink", "Müller", "Bakker", "Groot", "Ven", "Derksen");
    /** Surnames whose first word is a tussenvoegsel on its own: only Koppel's stamp keeps them whole. */
    private static final List<String> PARTICLE_FAMILY = List.of("Ter Horst", "De Smet", "Van Dam", "Der Kinderen", "Te Velde");

    private final VCardContacts contacts = new VCardContacts();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            van der Berg        | -       | van der  | Berg
            Van der Berg        | -       | van der  | Berg
            VAN DEN Heuvel      | -       | van den  | Heuvel
            van  der   Berg     | -       | van der  | Berg
            in 't Veld          | -       | in 't    | Veld
            in ’t Veld          | -       | in 't    | Veld
            van 't Hof          | -       | van 't   | Hof
            de Vries            | -       | de       | Vries
            ter Horst           | -       | ter      | Horst
            op de Beeck         | -       | op de    | Beeck
            uit den Bogaard     | -       | uit den  | Bogaard
            van der Heijden-de Vries | -  | van der  | Heijden-de Vries
            van                 | -       | -        | van
            van der             | -       | van      | der
            Vandenberg          | -       | -        | Vandenberg
            Jansen              | -       | -        | Jansen
            van der Berg        | van der | van der  | Berg
            Van Der  Berg       | van der | van der  | Berg
            van der Berg        | van     | van      | der Berg
            Ter Horst           | ''      | -        | Ter Horst
            Jansen              | van der | -        | Jansen
            van Dijk            | de      | van      | Dijk
            van der             | van der | van der  | -
            """)
    void splitsTheFamilyComponent(String nFamily, String stamped, String infix, String familyName) {
        assertThat(DutchInfix.split(nFamily, stamped)).isEqualTo(new DutchInfix.Split(infix, familyName));
    }

    @Property(tries = 300)
    void aNameWrittenByKoppelReadsBackTheSame(@ForAll("infixes") String infix, @ForAll("givenNames") String given,
            @ForAll("familyNames") String family) {
        Map<String, String> slots = name(given, infix, family);

        String card = contacts.write(null, slots, "u", 1);

        assertThat(contacts.read(card)).isEqualTo(slots);
    }

    @Property(tries = 300)
    void aNameStaysWholeAfterAPhoneDroppedTheStampAndEditedTheCard(@ForAll("infixes") String infix,
            @ForAll("givenNames") String given, @ForAll("plainFamilyNames") String family, @ForAll boolean capitalise) {
        String card = contacts.write(null, name(given, infix, family), "u", 1);

        String edited = onAPhone(card, capitalise);

        Map<String, String> read = contacts.read(edited);
        assertThat(read.get("givenName")).isEqualTo(given + "tje");
        assertThat(read.get("infix")).isEqualTo(infix.isEmpty() ? null : infix);
        assertThat(read.get("familyName")).isEqualTo(family);
    }

    @Property(tries = 300)
    void aCrmEditKeepsTheInfixEvenWhenThePhoneCapitalisedIt(@ForAll("realInfixes") String infix,
            @ForAll("givenNames") String given, @ForAll("plainFamilyNames") String family) {
        String card = onAPhone(contacts.write(null, name(given, infix, family), "u", 1), true);

        Map<String, String> slots = new HashMap<>(contacts.read(card));
        slots.put("title", "Adviseur");
        String rewritten = contacts.write(card, slots, "u", 1);

        assertThat(contacts.read(rewritten)).isEqualTo(slots);
    }

    /**
     * What a phone that does not know X-KOPPEL-INFIX does: it drops the property, the user changes
     * the given name, and iOS may capitalise the family field's first letter.
     */
    private static String onAPhone(String card, boolean capitalise) {
        List<String> lines = new ArrayList<>();
        for (String line : card.split("\r\n")) {
            if (line.startsWith("X-KOPPEL-INFIX")) continue;
            if (line.startsWith("N:")) {
                String[] parts = line.substring(2).split(";", -1);
                if (capitalise && !parts[0].isEmpty()) parts[0] = Character.toUpperCase(parts[0].charAt(0)) + parts[0].substring(1);
                parts[1] = parts[1] + "tje";
                line = "N:" + String.join(";", parts);
            }
            lines.add(line);
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    private static Map<String, String> name(String given, String infix, String family) {
        Map<String, String> slots = new HashMap<>(Map.of("givenName", given, "familyName", family));
        if (!infix.isEmpty()) slots.put("infix", infix);
        return slots;
    }

    @Provide
    Arbitrary<String> infixes() {
        return Arbitraries.oneOf(Arbitraries.just(""), realInfixes());
    }

    @Provide
    Arbitrary<String> realInfixes() {
        return Arbitraries.of(DutchInfix.KNOWN);
    }

    @Provide
    Arbitrary<String> givenNames() {
        return Arbitraries.of(GIVEN);
    }

    @Provide
    Arbitrary<String> plainFamilyNames() {
        return Arbitraries.of(PLAIN_FAMILY);
    }

    @Provide
    Arbitrary<String> familyNames() {
        return Arbitraries.oneOf(Arbitraries.of(PLAIN_FAMILY), Arbitraries.of(PARTICLE_FAMILY));
    }
}
