package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.RelationKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class CustomFieldStore {

    private final JdbcClient jdbc;

    public CustomFieldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(CustomField f, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO custom_field (record_type, field_key, label, type, position, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(f.recordType().name(), f.key(), f.label(), f.type().name(), f.position(), timestamp(now),
                        timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        insertOptions(id, f.options());
        return id;
    }

    /** Label, position and options can change; record type, key and type are fixed once values exist. */
    public boolean update(long id, long expectedVersion, CustomField f, Instant now) {
        int rows = jdbc.sql("""
                UPDATE custom_field SET label = ?, position = ?, version = version + 1, updated_at = ?
                WHERE id = ? AND version = ?""")
                .params(f.label(), f.position(), timestamp(now), id, expectedVersion).update();
        if (rows == 0) return false;
        jdbc.sql("DELETE FROM custom_field_option WHERE field_id = ?").param(id).update();
        insertOptions(id, f.options());
        return true;
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM custom_field WHERE id = ?").param(id).update();
    }

    public Optional<CustomField> find(long id) {
        return load("WHERE id = :v", id).stream().findFirst();
    }

    public List<CustomField> forKind(RelationKind kind) {
        return load("WHERE record_type = :v", kind.name());
    }

    public List<CustomField> all() {
        return load("", null);
    }

    public long valueCount(long fieldId) {
        return jdbc.sql("SELECT COUNT(*) FROM custom_value WHERE field_id = ?").param(fieldId).query(Long.class).single();
    }

    /** The stored values of a field that are not among {@code options}: pick-list options still in use. */
    public List<String> valuesOutside(long fieldId, List<String> options) {
        return jdbc.sql("SELECT DISTINCT stored_value FROM custom_value WHERE field_id = ?").param(fieldId)
                .query(String.class).list().stream().filter(v -> !options.contains(v)).toList();
    }

    private void insertOptions(long id, List<String> options) {
        int position = 0;
        for (String option : options) {
            jdbc.sql("INSERT INTO custom_field_option (field_id, position, option_value) VALUES (?, ?, ?)")
                    .params(id, position++, option).update();
        }
    }

    private List<CustomField> load(String where, Object value) {
        var spec = jdbc.sql("SELECT * FROM custom_field " + where + " ORDER BY record_type, position, id");
        if (value != null) spec = spec.param("v", value);
        List<CustomField> rows = spec.query((rs, n) -> new CustomField(rs.getLong("id"), rs.getLong("version"),
                RelationKind.valueOf(rs.getString("record_type")), rs.getString("field_key"), rs.getString("label"),
                CustomFieldType.valueOf(rs.getString("type")), List.of(), rs.getInt("position"),
                instant(rs, "created_at"), instant(rs, "updated_at"))).list();
        if (rows.isEmpty()) return rows;
        Map<Long, List<String>> options = new HashMap<>();
        jdbc.sql("SELECT field_id, option_value FROM custom_field_option WHERE field_id IN (:ids) ORDER BY position")
                .param("ids", rows.stream().map(CustomField::id).toList())
                .query((rs, n) -> options.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        return rows.stream().map(f -> new CustomField(f.id(), f.version(), f.recordType(), f.key(), f.label(), f.type(),
                options.getOrDefault(f.id(), List.of()), f.position(), f.createdAt(), f.updatedAt())).toList();
    }
}
