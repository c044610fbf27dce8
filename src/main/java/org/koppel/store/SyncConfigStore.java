package org.koppel.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.FieldMap.EmptyDefault;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;
import org.koppel.sync.SyncPolicy.ScopeRule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The field map, the layered sync settings, and which persons a connection's owner has in scope. */
@Repository
public class SyncConfigStore {

    private final JdbcClient jdbc;

    public SyncConfigStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public FieldMap fieldMap(DataType type) {
        return new FieldMap(fieldMapRows(type).stream().map(StoredRow::row).toList());
    }

    /** A stored row of the field map, with the id the API addresses it by and its place in the order. */
    public record StoredRow(long id, Row row, int position) {
    }

    public List<StoredRow> fieldMapRows(DataType type) {
        return jdbc.sql("SELECT * FROM field_map WHERE data_type = ? ORDER BY position, id").param(type.name())
                .query((rs, n) -> new StoredRow(rs.getLong("id"), new Row(PersonRole.valueOf(rs.getString("person_role")),
                        rs.getString("crm_field"), rs.getString("peer_slot"), RowDirection.valueOf(rs.getString("direction")),
                        rs.getBoolean("fixed"), EmptyDefault.valueOf(rs.getString("empty_default")),
                        rs.getString("default_value")), rs.getInt("position")))
                .list();
    }

    /** Adds a row after the others; the unique (data type, role, slot) refuses a second row for a slot. */
    public long addFieldMapRow(DataType type, Row row) {
        int position = jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM field_map WHERE data_type = ?")
                .param(type.name()).query(Integer.class).single();
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO field_map (data_type, person_role, crm_field, peer_slot, direction, fixed, position,
                                       empty_default, default_value)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(type.name(), row.role().name(), row.crmField(), row.slot(), row.direction().name(), row.fixed(), position,
                        row.emptyDefault().name(), row.defaultValue())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** A row's changeable settings: its direction and what an empty pick list gets. */
    public boolean updateFieldMapRow(DataType type, long id, Row row) {
        return jdbc.sql("""
                UPDATE field_map SET direction = ?, empty_default = ?, default_value = ?
                WHERE data_type = ? AND id = ?""")
                .params(row.direction().name(), row.emptyDefault().name(), row.defaultValue(), type.name(), id).update() == 1;
    }

    public void moveFieldMapRow(DataType type, long id, int position) {
        jdbc.sql("UPDATE field_map SET position = ? WHERE data_type = ? AND id = ?").params(position, type.name(), id).update();
    }

    public boolean deleteFieldMapRow(DataType type, long id) {
        return jdbc.sql("DELETE FROM field_map WHERE data_type = ? AND id = ?").params(type.name(), id).update() == 1;
    }

    /** Settings for an employee: organisation defaults, then those of the employee's user groups, then the employee's own. */
    public Map<String, String> settingsFor(long employeeId) {
        var settings = new HashMap<String, String>();
        jdbc.sql("SELECT setting_name, setting_value FROM sync_setting WHERE scope = 'ORGANISATION'")
                .query((rs, n) -> settings.put(rs.getString(1), rs.getString(2))).list();
        jdbc.sql("""
                SELECT s.setting_name, s.setting_value FROM sync_setting s
                JOIN user_group_member m ON m.group_id = s.scope_id
                WHERE s.scope = 'USER_GROUP' AND m.employee_id = ? ORDER BY s.scope_id""")
                .param(employeeId).query((rs, n) -> settings.put(rs.getString(1), rs.getString(2))).list();
        jdbc.sql("SELECT setting_name, setting_value FROM sync_setting WHERE scope = 'EMPLOYEE' AND scope_id = ?")
                .param(employeeId).query((rs, n) -> settings.put(rs.getString(1), rs.getString(2))).list();
        return settings;
    }

    public Map<String, String> settings(String scope, long scopeId) {
        var settings = new HashMap<String, String>();
        jdbc.sql("SELECT setting_name, setting_value FROM sync_setting WHERE scope = ? AND scope_id = ?")
                .params(scope, scopeId).query((rs, n) -> settings.put(rs.getString(1), rs.getString(2))).list();
        return settings;
    }

    public void replaceSettings(String scope, long scopeId, Map<String, String> settings) {
        jdbc.sql("DELETE FROM sync_setting WHERE scope = ? AND scope_id = ?").params(scope, scopeId).update();
        settings.forEach((name, value) -> jdbc.sql(
                        "INSERT INTO sync_setting (scope, scope_id, setting_name, setting_value) VALUES (?, ?, ?, ?)")
                .params(scope, scopeId, name, value).update());
    }

    /** Live, not former persons that belong in the employee's peer under the given rules (DESIGN.md rule 8). */
    public Set<Long> personsInScope(long employeeId, Set<ScopeRule> rules, String mainGroup) {
        return personsInScope(employeeId, rules, mainGroup, null);
    }

    /** As above, among the given persons only (null: all), so a check of a few changes reads a few rows. */
    public Set<Long> personsInScope(long employeeId, Set<ScopeRule> rules, String mainGroup, Collection<Long> among) {
        return inScope("r.kind = 'PERSON'", employeeId, rules, mainGroup, among);
    }

    /**
     * Live, not former relations of every kind (persons, organisations, leads) that belong in the
     * employee's address book under the given rules, among the given ones only (null: all).
     */
    public Set<Long> relationsInScope(long employeeId, Set<ScopeRule> rules, String mainGroup, Collection<Long> among) {
        return inScope("TRUE", employeeId, rules, mainGroup, among);
    }

    /**
     * The relations that are cards in the employee's address book: persons by the rules; organisations
     * and leads by the rules too when {@code organisationsAndLeadsByScope}, else by the employee's sync
     * flag only (whatever the rules: flagging one, or importing it from the queue, is asking for its card).
     */
    public Set<Long> cardsInScope(long employeeId, Set<ScopeRule> rules, String mainGroup, Collection<Long> among,
                                  boolean organisationsAndLeadsByScope) {
        if (organisationsAndLeadsByScope) return relationsInScope(employeeId, rules, mainGroup, among);
        var cards = new java.util.HashSet<>(personsInScope(employeeId, rules, mainGroup, among));
        if (!rules.isEmpty()) cards.addAll(inScope("r.kind <> 'PERSON'", employeeId, Set.of(ScopeRule.SYNC_FLAG), mainGroup, among));
        return Set.copyOf(cards);
    }

    private Set<Long> inScope(String kinds, long employeeId, Set<ScopeRule> rules, String mainGroup, Collection<Long> among) {
        if (rules.isEmpty() || (among != null && among.isEmpty())) return Set.of();
        var any = new java.util.ArrayList<String>();
        if (rules.contains(ScopeRule.ALL)) any.add("TRUE");
        if (rules.contains(ScopeRule.MANAGER)) any.add("r.manager_id = :e");
        if (rules.contains(ScopeRule.OWNER)) {
            any.add("EXISTS (SELECT 1 FROM relation_owner o WHERE o.relation_id = r.id AND o.employee_id = :e)");
        }
        if (rules.contains(ScopeRule.SYNC_FLAG)) {
            any.add("EXISTS (SELECT 1 FROM sync_flag f WHERE f.relation_id = r.id AND f.employee_id = :e)");
        }
        if (rules.contains(ScopeRule.GROUP) && mainGroup != null) {
            any.add("EXISTS (SELECT 1 FROM group_member gm JOIN relation_group g ON g.id = gm.group_id "
                    + "WHERE gm.relation_id = r.id AND g.owner_id = :e AND g.main_group = :mainGroup)");
        }
        if (any.isEmpty()) return Set.of();
        var spec = jdbc.sql("SELECT r.id FROM relation r WHERE " + kinds + " AND r.deleted_at IS NULL AND r.former = FALSE"
                + (among == null ? "" : " AND r.id IN (:among)") + " AND (" + String.join(" OR ", any) + ")")
                .param("e", employeeId);
        if (among != null) spec = spec.param("among", among);
        if (rules.contains(ScopeRule.GROUP) && mainGroup != null) spec = spec.param("mainGroup", mainGroup);
        return Set.copyOf(spec.query(Long.class).list());
    }

    /** Persons with a role at any of the given organisations: their "org" value follows the organisation's name. */
    public Set<Long> contactPersonsOf(List<Long> organisationIds) {
        if (organisationIds.isEmpty()) return Set.of();
        return Set.copyOf(jdbc.sql("SELECT DISTINCT person_id FROM contact_role WHERE organisation_id IN (:ids)")
                .param("ids", organisationIds).query(Long.class).list());
    }
}
