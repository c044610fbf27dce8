package org.koppel.crm;

/**
 * How many entries each list of an input may hold. A request body may be up to 1 MiB, room for
 * 100,000 ids; every entry costs checks, look-ups and rows, so each list is capped well above any
 * real use and a longer one is refused whole (400 naming the field and the cap) before any entry is
 * checked. The README lists them under "Limits".
 */
public final class Limits {

    /** Owners of one relation: a relation is owned by a team, not by the whole company. */
    public static final int OWNERS = 100;
    public static final int RELATION_TYPES = 50;
    public static final int ADDRESSES = 20;
    /** Organisations one person is a contact person at. */
    public static final int CONTACT_ROLES = 100;
    /** Custom values of one relation: one per custom field of its kind. */
    public static final int CUSTOM_VALUES = 200;
    /** Relations in one group: groups drive sync scope, and an address book of 10,000 is already large. */
    public static final int GROUP_MEMBERS = 10_000;
    /** Employees in one user group. */
    public static final int USER_GROUP_MEMBERS = 10_000;
    public static final int EMPLOYEE_EMAILS = 20;
    public static final int PICK_LIST_OPTIONS = 500;
    /** Settings of one connection ({@code url}, {@code username}, {@code contacts.scope}, ...). */
    public static final int CONNECTION_SETTINGS = 50;
    /** Sync settings of one layer: every {@code <dataType>.<setting>} fits many times over. */
    public static final int SYNC_SETTINGS = 100;

    /** Relations (persons, organisations) one appointment is linked to: a meeting, not a mailing. */
    public static final int APPOINTMENT_RELATIONS = 50;
    /** Occurrences left out of one recurring appointment (EXDATE). */
    public static final int APPOINTMENT_EXCEPTIONS = 100;

    private Limits() {
    }
}
