package org.koppel.runtime;

import java.util.List;
import java.util.Map;

import org.koppel.crm.relation.Relation;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Snapshot;

/**
 * For tests outside this package (the source simulation): a relation as a source connection's run
 * projects it into slots, the slots it syncs, and a relation with some of its field-map fields set,
 * each by the engine's own {@link RelationRecords} and {@link RelationFields}, not a copy of them.
 */
public final class RelationProjection {

    private final RelationRecords records;
    private final FieldMap map;

    /** Only the connection's settings are used (its archive rule): no store is touched. */
    public RelationProjection(Connection connection, FieldMap map) {
        this.records = new RelationRecords(null, null, null, null, null, connection);
        this.map = map;
    }

    public Snapshot project(Relation r) {
        return records.project(r, map);
    }

    /** The rows of the relation's kind that bring source values into Koppel: the fields both sides must agree on. */
    public List<FieldMap.Row> syncedRows(Relation r) {
        return records.rows(map, r).stream().filter(row -> row.direction() != FieldMap.RowDirection.CRM_TO_PEER).toList();
    }

    /** The source kind the relation syncs as. */
    public static String kindOf(Relation r) {
        return RelationFields.kindOf(r);
    }

    /** {@code r} with the given field-map fields (e.g. {@code contactRole.mobile}) set; null clears. */
    public static <R extends Relation> R with(R r, Map<String, String> fields) {
        return RelationFields.write(r, fields);
    }
}
