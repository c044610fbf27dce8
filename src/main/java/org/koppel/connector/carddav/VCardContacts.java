package org.koppel.connector.carddav;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.property.Categories;
import ezvcard.property.Note;
import ezvcard.property.Url;
import ezvcard.property.StructuredName;
import org.koppel.sync.ContactSlots;

/**
 * The vCard side of contact sync: a card's text to {@link ContactSlots} and back. Pure: text in,
 * text out, no I/O.
 *
 * <p>Reading takes the first value of each kind (the most preferred, then the first in the card):
 * email.work is the first work e-mail, tel.cell the first mobile number. Writing changes only the
 * slots whose value differs from what the card holds; each replaces or removes just that first
 * value, keeping its parameters, so every other e-mail, number, address, photo, note, category,
 * Apple item group and unknown property survives untouched (DESIGN, sync rule 5). Reading a card
 * Koppel wrote gives back exactly the slots written, so a sync never sees an echo of its own
 * write as a peer change (rule 3).
 *
 * <p>Choices, explained in docs/vcard.md:
 * <ul>
 * <li>An e-mail or number without a purpose (no home, work, cell, fax… type or Apple label) fills
 * email.home / tel.home when the card has no typed home value; it never fills a work slot.</li>
 * <li>A birthday without a year leaves the birthday slot absent and is kept.</li>
 * <li>The Dutch infix: N family holds "van der Berg", {@code X-KOPPEL-INFIX} holds "van der"; see
 * {@link DutchInfix}. Initials travel in {@code X-KOPPEL-INITIALS}.</li>
 * <li>New cards are vCard 3.0; an existing 4.0 card stays 4.0, a 2.1 card becomes 3.0.</li>
 * <li>Addresses by type ({@link AddressSlots}), the note (the first NOTE), the website (the first
 * URL), custom fields in {@code X-KOPPEL-CUSTOM} ({@link CustomFieldSlots}); an organisation's card
 * is marked as a company ({@link CardKind}).</li>
 * </ul>
 * Cards that cannot be read raise {@link VCardRejectedException}.
 */
public final class VCardContacts {

    static final String INITIALS_PROPERTY = "X-KOPPEL-INITIALS";
    static final String PRODUCT_ID = "-//Koppel//Koppel CRM//EN";

    /** One mapper per field group; each owns its slots. */
    private static final List<SlotMapper> MAPPERS = List.of(
            new NameSlots(),
            new KoppelPropertySlot(ContactSlots.INITIALS, INITIALS_PROPERTY),
            new BirthdaySlot(),
            new EmailSlot(ContactSlots.EMAIL_WORK, ValueKind.WORK),
            new EmailSlot(ContactSlots.EMAIL_HOME, ValueKind.HOME, ValueKind.UNTYPED),
            new TelephoneSlot(ContactSlots.TEL_WORK, ValueKind.WORK),
            new TelephoneSlot(ContactSlots.TEL_HOME, ValueKind.HOME, ValueKind.UNTYPED),
            new TelephoneSlot(ContactSlots.TEL_CELL, ValueKind.CELL),
            new TitleSlot(),
            new OrganisationSlot(),
            new TextPropertySlot<>(ContactSlots.WEBSITE, Url.class, Url::new),
            new TextPropertySlot<>(ContactSlots.NOTE, Note.class, Note::new),
            new AddressSlots(ContactSlots.ADR_WORK, ValueKind.WORK),
            new AddressSlots(ContactSlots.ADR_HOME, ValueKind.HOME),
            new AddressSlots(ContactSlots.ADR_OTHER, ValueKind.OTHER, ValueKind.UNTYPED));

    /** The card's slot values; an absent slot has no key. Values are stripped and never blank. */
    public Map<String, String> read(String vcardText) {
        return Collections.unmodifiableMap(read(VCardText.parse(vcardText)));
    }

    /**
     * The card with {@code slots} written into it: a new vCard 3.0 card when
     * {@code existingVcardOrNull} is null, else the existing card with only the changed slots
     * changed. A slot missing from {@code slots} (or blank) removes the card's first value of its
     * kind. Stamps {@code X-KOPPEL-ID:crmId}; keeps the card's UID, or sets {@code uid} when it has
     * none.
     *
     * @throws VCardRejectedException when the existing card cannot be read
     * @throws IllegalArgumentException for an unknown slot name or a birthday that is no ISO date
     */
    public String write(String existingVcardOrNull, Map<String, String> slots, String uid, long crmId) {
        Map<String, String> wanted = clean(slots);
        VCard card = existingVcardOrNull == null ? newCard() : VCardText.parse(existingVcardOrNull);
        Map<String, String> current = read(card);
        for (SlotMapper mapper : MAPPERS) {
            if (mapper.slots().stream().anyMatch(slot -> !Objects.equals(current.get(slot), wanted.get(slot)))) {
                mapper.write(card, current, wanted);
            }
        }
        CustomFieldSlots.write(card, current, wanted);
        CardKind.mark(card, slots.get(ContactSlots.KIND));
        FormattedNames.update(card, current, wanted);
        KoppelStamp.stamp(card, uid, crmId);
        return VCardText.write(card);
    }

    /** The CRM id Koppel stamped into the card, or null (none, or edited into something else). */
    public Long stampedCrmId(String vcard) {
        return KoppelStamp.crmId(VCardText.parse(vcard));
    }

    /** When the card says it last changed (REV), or null. */
    public java.time.Instant revision(String vcard) {
        var rev = VCardText.parse(vcard).getRevision();
        if (rev == null || rev.getValue() == null) return null;
        try {
            return java.time.Instant.from(rev.getValue());
        } catch (java.time.DateTimeException e) {
            return null; // a REV without a time zone says too little to compare
        }
    }

    /** The card's UID, or null. */
    public String uid(String vcard) {
        return KoppelStamp.uid(VCardText.parse(vcard));
    }

    /**
     * Every CATEGORIES value of the card, as written (case kept), in order; for the
     * "create when tagged CRM" policy, which decides itself how to compare.
     */
    public Set<String> categories(String vcard) {
        Set<String> categories = new LinkedHashSet<>();
        for (Categories property : VCardText.parse(vcard).getCategoriesList()) {
            property.getValues().stream()
                    .filter(Objects::nonNull)
                    .map(String::strip)
                    .filter(category -> !category.isEmpty())
                    .forEach(categories::add);
        }
        return Collections.unmodifiableSet(categories);
    }

    private static Map<String, String> read(VCard card) {
        Map<String, String> slots = new LinkedHashMap<>();
        MAPPERS.forEach(mapper -> mapper.read(card, slots));
        CustomFieldSlots.read(card, slots);
        return slots;
    }

    /** Slot values as {@link #read} returns them, so comparing the two is meaningful. */
    private static Map<String, String> clean(Map<String, String> slots) {
        Map<String, String> cleaned = new LinkedHashMap<>();
        slots.forEach((slot, value) -> {
            if (slot.equals(ContactSlots.KIND)) return; // a hint for untyped peers; vCard values are typed
            if (!ContactSlots.known(slot)) throw new IllegalArgumentException("unknown contact slot: " + slot);
            if (value != null && !value.isBlank()) cleaned.put(slot, value.strip());
        });
        return cleaned;
    }

    /**
     * vCard 3.0 requires N and FN; FN is filled from the slots afterwards and is created here only
     * so that it is written right after N.
     */
    private static VCard newCard() {
        VCard card = new VCard(VCardVersion.V3_0);
        card.setProductId(PRODUCT_ID);
        card.setStructuredName(new StructuredName());
        card.setFormattedName("");
        return card;
    }
}
