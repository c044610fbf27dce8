package org.koppel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.koppel.crm.Change;
import org.koppel.crm.FieldValues;
import org.koppel.crm.Change.Operation;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The change log. {@link #append} must run in the writer's transaction, as its last statement:
 * it locks the counter row until commit, which hands out sequence numbers in commit order (see
 * V1__crm_store.sql), and the shorter the lock is held the less writers wait for each other.
 */
@Repository
public class ChangeLogStore {

    private final JdbcClient jdbc;

    public ChangeLogStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long append(RecordType recordType, long recordId, Operation operation, List<String> fields,
                       Origin origin, Instant at) {
        jdbc.sql("UPDATE change_counter SET last_seq = last_seq + 1 WHERE id = 1").update();
        long seq = jdbc.sql("SELECT last_seq FROM change_counter WHERE id = 1").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO change_log (seq, record_type, record_id, operation, fields, origin_type, origin_id, employee_id, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(seq, recordType.name(), recordId, operation.name(), String.join(",", fields),
                        origin.type().name(), origin.id(), origin.employeeId(), Timestamp.from(at))
                .update();
        return seq;
    }

    /** An entry with each field's value before and after (see V21), for the record's history. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long appendWithValues(RecordType recordType, long recordId, Operation operation, List<FieldValues> values,
                       Origin origin, Instant at) {
        long seq = append(recordType, recordId, operation, values.stream().map(FieldValues::field).toList(), origin, at);
        if (values.isEmpty()) return seq;
        // One statement for all values: the counter row stays locked from append until commit.
        var params = new java.util.ArrayList<Object>();
        for (FieldValues v : values) params.addAll(Arrays.asList(seq, v.field(), v.before(), v.after()));
        jdbc.sql("INSERT INTO change_value (seq, field, old_value, new_value) VALUES "
                + String.join(", ", java.util.Collections.nCopies(values.size(), "(?, ?, ?, ?)")))
                .params(params).update();
        return seq;
    }

    /** The values stored with these entries, by sequence number; entries without values are left out. */
    public java.util.Map<Long, List<FieldValues>> values(java.util.Collection<Long> seqs) {
        var values = new java.util.HashMap<Long, List<FieldValues>>();
        if (seqs.isEmpty()) return values;
        jdbc.sql("SELECT * FROM change_value WHERE seq IN (:seqs) ORDER BY seq, field").param("seqs", seqs)
                .query((rs, n) -> values.computeIfAbsent(rs.getLong("seq"), k -> new java.util.ArrayList<>())
                        .add(new FieldValues(rs.getString("field"), rs.getString("old_value"), rs.getString("new_value"))))
                .list();
        return values;
    }

    public List<Change> after(long seq, int limit) {
        return jdbc.sql("SELECT * FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?")
                .params(seq, limit)
                .query(ChangeLogStore::change)
                .list();
    }

    /** The ids of the records of one type changed after {@code seq} (index change_log_type_seq, V24). */
    public java.util.Set<Long> idsChangedAfter(long seq, RecordType recordType) {
        return new java.util.HashSet<>(jdbc.sql("SELECT DISTINCT record_id FROM change_log WHERE record_type = ? AND seq > ?")
                .params(recordType.name(), seq).query(Long.class).list());
    }

    /** What a sync run needs of one change-log entry: which record, which fields, by whom. */
    public record Touch(RecordType recordType, long recordId, List<String> fields, Origin origin) {
    }

    /**
     * The entries after {@code seq} of the given record types only, with only the columns a run needs:
     * a run reads the changes that concern its data type, not the whole organisation's log.
     */
    public List<Touch> touchedAfter(long seq, java.util.Collection<RecordType> recordTypes) {
        return jdbc.sql("SELECT record_type, record_id, fields, origin_type, origin_id, employee_id FROM change_log "
                        + "WHERE record_type IN (:types) AND seq > :seq")
                .param("types", recordTypes.stream().map(RecordType::name).toList()).param("seq", seq)
                .query((rs, n) -> new Touch(RecordType.valueOf(rs.getString("record_type")), rs.getLong("record_id"),
                        fields(rs), origin(rs)))
                .list();
    }

    /** Whether any entry of this record type came after {@code seq}. */
    public boolean anyAfter(long seq, RecordType recordType) {
        return !jdbc.sql("SELECT seq FROM change_log WHERE record_type = ? AND seq > ? FETCH FIRST 1 ROWS ONLY")
                .params(recordType.name(), seq).query(Long.class).list().isEmpty();
    }

    public long lastSeq() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM change_log").query(Long.class).single();
    }

    public List<Change> forRecord(RecordType recordType, long recordId, int limit) {
        return jdbc.sql("SELECT * FROM change_log WHERE record_type = ? AND record_id = ? ORDER BY seq DESC LIMIT ?")
                .params(recordType.name(), recordId, limit)
                .query(ChangeLogStore::change)
                .list();
    }

    private static Change change(ResultSet rs, int row) throws SQLException {
        return new Change(rs.getLong("seq"), RecordType.valueOf(rs.getString("record_type")), rs.getLong("record_id"),
                Operation.valueOf(rs.getString("operation")), fields(rs), origin(rs), Rows.instant(rs, "changed_at"));
    }

    private static List<String> fields(ResultSet rs) throws SQLException {
        String fields = rs.getString("fields");
        return fields.isEmpty() ? List.of() : Arrays.asList(fields.split(","));
    }

    private static Origin origin(ResultSet rs) throws SQLException {
        return new Origin(Origin.OriginType.valueOf(rs.getString("origin_type")), Rows.longOrNull(rs, "origin_id"),
                Rows.longOrNull(rs, "employee_id"));
    }
}
