package org.koppel.sync;

import java.util.List;

/** The field map of one data type: rows of CRM field, peer slot and direction, loaded from the field_map table. */
public record FieldMap(List<Row> rows) {

    public enum PersonRole { CONTACT_PERSON, PRIVATE_INDIVIDUAL, ANY }

    public enum RowDirection { BOTH, CRM_TO_PEER, PEER_TO_CRM }

    public record Row(PersonRole role, String crmField, String slot, RowDirection direction, boolean fixed) {

        boolean crmToPeer() {
            return direction != RowDirection.PEER_TO_CRM;
        }

        boolean peerToCrm() {
            return direction != RowDirection.CRM_TO_PEER;
        }
    }

    /** The rows that apply to a person in this role. */
    public List<Row> rowsFor(PersonRole role) {
        return rows.stream().filter(r -> r.role() == PersonRole.ANY || r.role() == role).toList();
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
}
