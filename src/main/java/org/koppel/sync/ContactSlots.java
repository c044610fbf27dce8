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

    public static final List<String> ALL = List.of(GIVEN_NAME, FAMILY_NAME, INFIX, INITIALS, BIRTHDAY, EMAIL_WORK,
            EMAIL_HOME, TEL_WORK, TEL_HOME, TEL_CELL, JOB_TITLE, ORGANISATION);

    private ContactSlots() {
    }
}
