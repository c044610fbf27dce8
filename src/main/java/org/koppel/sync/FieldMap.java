package org.koppel.sync;

import java.util.List;

/** The field map of one data type: rows of CRM field, peer slot and direction, loaded from the field_map table. */
public record FieldMap(List<Row> rows) {

    /**
     * The kind of card a row applies to. Contacts: a person as contact person or private individual
     * ({@code ANY}: either), an organisation, a lead. A source system's rows ({@code RELATIONS}) are
     * all {@code ANY}, their slots naming the kind.
     */
    public enum PersonRole {
        CONTACT_PERSON, PRIVATE_INDIVIDUAL, ANY, ORGANISATION, LEAD;

        boolean person() {
            return this == CONTACT_PERSON || this == PRIVATE_INDIVIDUAL;
        }
    }

    /**
     * Which way a row's values go. {@code CRM_CHANGES_TO_PEER} is never stored: a run makes it of a
     * row the peer may not write into the CRM while it would not have the peer's own edits undone
     * either (iCloud's addresses, docs/sync.md): a change in the CRM is written to the peer, an edit
     * in the peer stays there and is not taken in.
     */
    public enum RowDirection { BOTH, CRM_TO_PEER, PEER_TO_CRM, CRM_CHANGES_TO_PEER }

    /**
     * What a row of a pick list gives a record a peer creates without a value for it: nothing, the
     * list's first option (webCRM: "the value at the top of the pick list"), or a chosen option.
     */
    public enum EmptyDefault { NONE, FIRST_OPTION, CHOSEN }

    /**
     * One row. {@code emptyDefault} and {@code defaultValue} (the option of {@link EmptyDefault#CHOSEN})
     * only mean something on a row of a custom pick-list field; a record a peer updates keeps what it has.
     */
    public record Row(PersonRole role, String crmField, String slot, RowDirection direction, boolean fixed,
                      EmptyDefault emptyDefault, String defaultValue) {

        /** A row whose pick list, if it is one, gets its first option (the built-in default). */
        public Row(PersonRole role, String crmField, String slot, RowDirection direction, boolean fixed) {
            this(role, crmField, slot, direction, fixed, EmptyDefault.FIRST_OPTION, null);
        }

        boolean crmToPeer() {
            return direction != RowDirection.PEER_TO_CRM;
        }

        boolean peerToCrm() {
            return direction == RowDirection.BOTH || direction == RowDirection.PEER_TO_CRM;
        }

        /** The row with the peer's edits no longer taken into the CRM (see {@link RowDirection#CRM_CHANGES_TO_PEER}). */
        public Row crmChangesOnly() {
            return direction == RowDirection.PEER_TO_CRM ? null
                    : new Row(role, crmField, slot, RowDirection.CRM_CHANGES_TO_PEER, fixed, emptyDefault, defaultValue);
        }
    }

    /**
     * The rows that apply to a card of this kind: a person's role gets its own rows and those for
     * {@code ANY} person; an organisation or a lead only its own.
     */
    public List<Row> rowsFor(PersonRole role) {
        return rows.stream().filter(r -> r.role() == role || (r.role() == PersonRole.ANY && (role.person() || role == PersonRole.ANY)))
                .toList();
    }

    /** The slot values of a record: for each row, its CRM field as {@code read} gives it (null: no value). */
    public static Snapshot project(List<Row> rows, java.util.function.Function<String, String> read) {
        var values = new java.util.TreeMap<String, String>();
        for (Row row : rows) {
            String value = read.apply(row.crmField());
            if (value != null) values.put(row.slot(), value);
        }
        return new Snapshot(values);
    }

    /** Every slot the map writes for a role: a peer slot outside these is never touched. */
    public List<String> slotsFor(PersonRole role) {
        return rowsFor(role).stream().map(Row::slot).distinct().toList();
    }

    /**
     * This map with the rows whose slot starts with {@code prefix} no longer writing the peer's edits
     * into the CRM ({@link RowDirection#CRM_CHANGES_TO_PEER}); rows that only did that are dropped.
     */
    public FieldMap crmChangesOnly(String prefix) {
        return new FieldMap(rows.stream().map(r -> r.slot().startsWith(prefix) ? r.crmChangesOnly() : r)
                .filter(java.util.Objects::nonNull).toList());
    }
}
