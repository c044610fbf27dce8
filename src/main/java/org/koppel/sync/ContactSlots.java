package org.koppel.sync;

import java.util.List;

/**
 * The peer-side fields of a contact that Koppel maps, by name. A connector reads each slot as a
 * single text value (the first value of its kind, e.g. the first work e-mail) and writes a slot by
 * replacing only that first value, keeping the peer's other values. The field map (data) says
 * which CRM field goes to which slot.
 */
public final class ContactSlots {

    public static final String GIVEN_NAME = "givenName";
    /** The family name without its infix: "Berg" of "van der Berg". */
    public static final String FAMILY_NAME = "familyName";
    /** Dutch "tussenvoegsel": "van der". */
    public static final String INFIX = "infix";
    /** "J.H." */
    public static final String INITIALS = "initials";
    /** ISO date, yyyy-mm-dd. */
    public static final String BIRTHDAY = "birthday";
    public static final String EMAIL_WORK = "email.work";
    public static final String EMAIL_HOME = "email.home";
    public static final String TEL_WORK = "tel.work";
    public static final String TEL_HOME = "tel.home";
    public static final String TEL_CELL = "tel.cell";
    public static final String JOB_TITLE = "title";
    public static final String ORGANISATION = "org";
    /** Free text: vCard NOTE, Outlook's notes, Google's biography. */
    public static final String NOTE = "note";
    /** A website: an organisation card's homepage (vCard URL, Outlook's businessHomePage, Google's urls). */
    public static final String WEBSITE = "url";

    /**
     * Typed postal addresses, one slot per part: {@code adr.<type>.<part>}, e.g. "adr.work.city".
     * The street part holds street and house number as one line, as address books do.
     */
    public static final String ADR_WORK = "adr.work";
    public static final String ADR_HOME = "adr.home";
    public static final String ADR_OTHER = "adr.other";
    public static final List<String> ADR_TYPES = List.of(ADR_WORK, ADR_HOME, ADR_OTHER);
    public static final String STREET = "street";
    public static final String POSTAL_CODE = "postalCode";
    public static final String CITY = "city";
    public static final String REGION = "region";
    /** Two-letter ISO 3166 code in the CRM; a peer may hold a country name and maps it. */
    public static final String COUNTRY = "country";
    public static final List<String> ADR_PARTS = List.of(STREET, POSTAL_CODE, CITY, REGION, COUNTRY);

    /** Custom fields: {@code custom.<key>} (the key of the CRM custom field), kept by each peer in its own way. */
    public static final String CUSTOM_PREFIX = "custom.";

    /**
     * A text of several lines as a slot holds it: stripped, line breaks as "\n" whatever the peer
     * or the CRM wrote ("\r\n" from Outlook and vCard 2.1), so the same note reads the same on both
     * sides and is no change.
     */
    public static String lines(String text) {
        if (text == null) return null;
        String stripped = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        return stripped.isEmpty() ? null : stripped;
    }

    public static String address(String type, String part) {
        return type + "." + part;
    }

    /**
     * Not a field but a hint the engine adds to the values it hands a connector: whether the person
     * is a contact person or a private individual. A peer without typed values (Outlook's untyped
     * e-mail list) needs it to know which value goes first; the others ignore it.
     */
    public static final String KIND = "kind";
    public static final String KIND_CONTACT_PERSON = "contact-person";
    public static final String KIND_PRIVATE_INDIVIDUAL = "private-individual";
    /** An organisation or a lead as a card, where the connection's scope holds them. */
    public static final String KIND_ORGANISATION = "organisation";
    public static final String KIND_LEAD = "lead";

    /** Every slot with a fixed name, addresses included; custom slots ({@link #CUSTOM_PREFIX}) come on top. */
    public static final List<String> ALL = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(GIVEN_NAME, FAMILY_NAME, INFIX, INITIALS, BIRTHDAY, EMAIL_WORK, EMAIL_HOME,
                    TEL_WORK, TEL_HOME, TEL_CELL, JOB_TITLE, ORGANISATION, WEBSITE, NOTE),
            ADR_TYPES.stream().flatMap(type -> ADR_PARTS.stream().map(part -> address(type, part)))).toList();

    /** Whether a connector knows the slot: one of {@link #ALL} or a custom slot. */
    public static boolean known(String slot) {
        return ALL.contains(slot) || isCustom(slot);
    }

    public static boolean isCustom(String slot) {
        return slot.startsWith(CUSTOM_PREFIX) && slot.length() > CUSTOM_PREFIX.length();
    }

    /** The custom field key of a custom slot: "industry" of "custom.industry". */
    public static String customKey(String slot) {
        return slot.substring(CUSTOM_PREFIX.length());
    }

    /** How a person calls a slot, for run reports and the conflict log. */
    public static String label(String slot) {
        return switch (slot) {
            case GIVEN_NAME -> "first name";
            case FAMILY_NAME -> "last name";
            case INFIX -> "infix";
            case INITIALS -> "initials";
            case BIRTHDAY -> "birth date";
            case EMAIL_WORK -> "work e-mail";
            case EMAIL_HOME -> "private e-mail";
            case TEL_WORK -> "work phone";
            case TEL_HOME -> "private phone";
            case TEL_CELL -> "mobile";
            case JOB_TITLE -> "job title";
            case ORGANISATION -> "organisation";
            case NOTE -> "notes";
            case WEBSITE -> "website";
            default -> addressLabel(slot);
        };
    }

    private static String addressLabel(String slot) {
        for (String type : ADR_TYPES) {
            if (slot.startsWith(type + ".")) {
                return type.substring(4) + " address " + switch (slot.substring(type.length() + 1)) {
                    case POSTAL_CODE -> "postal code";
                    case STREET -> "street";
                    default -> slot.substring(type.length() + 1);
                };
            }
        }
        return slot.startsWith(CUSTOM_PREFIX) ? slot.substring(CUSTOM_PREFIX.length()) : slot;
    }

    private ContactSlots() {
    }
}
