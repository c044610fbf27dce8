package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever text a slot holds, the card Koppel writes reads back as the same slots: otherwise the
 * next run would see a peer change nobody made (DESIGN, sync rule 3).
 */
class SlotRoundTripTest {

    private final VCardContacts contacts = new VCardContacts();

    @Property(tries = 300)
    void everySlotReadsBackAsWrittenInANewCard(@ForAll("text") String given, @ForAll("text") String family,
            @ForAll("text") String initials, @ForAll("text") String email, @ForAll("text") String phone,
            @ForAll("text") String title, @ForAll("text") String org) {
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("givenName", given);
        slots.put("familyName", family);
        slots.put("initials", initials);
        slots.put("email.work", email);
        slots.put("tel.cell", phone);
        slots.put("title", title);
        slots.put("org", org);

        String card = contacts.write(null, slots, "u", 1);

        assertThat(contacts.read(card)).isEqualTo(slots);
        assertThat(StrictVCard30.problems(card)).isEmpty();
    }

    @Property(tries = 200)
    void everySlotReadsBackAsWrittenInAnExisting40Card(@ForAll("text") String title, @ForAll("text") String org,
            @ForAll("text") String phone) {
        String original = Corpus.card("nextcloud-4.0.vcf");
        Map<String, String> slots = new LinkedHashMap<>(contacts.read(original));
        slots.put("title", title);
        slots.put("org", org);
        slots.put("tel.work", phone);

        assertThat(contacts.read(contacts.write(original, slots, "u", 1))).isEqualTo(slots);
    }

    /** Non-blank, stripped, with the characters vCard escapes or quotes and some non-ASCII. */
    @Provide
    Arbitrary<String> text() {
        // whole code points, so an emoji is never cut into a lone surrogate
        return Arbitraries.of("abcXYZ019 .-'&;,:\\\"=^éëöüßÉ’😀".codePoints().mapToObj(Character::toString).toList())
                .list().ofMinSize(1).ofMaxSize(30)
                .map(characters -> String.join("", characters).strip())
                .filter(text -> !text.isEmpty());
    }
}
