package org.koppel.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The change fan-out's reads: its position in the change log (V23) and, for a batch of changed
 * records, the few rows that lead from them to connections. Every query starts from the changed
 * ids, so a round reads what changed, not what is synced.
 */
@Repository
public class FanoutStore {

    private final JdbcClient jdbc;

    public FanoutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The last fanned-out sequence number, its row locked until the caller's transaction ends: one fan-out at a time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long lockPosition() {
        return jdbc.sql("SELECT last_seq FROM change_fanout WHERE id = 1 FOR UPDATE").query(Long.class).single();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void advance(long seq) {
        jdbc.sql("UPDATE change_fanout SET last_seq = ? WHERE id = 1").param(seq).update();
    }

    /** A link of an active connection. */
    public record LinkedRecord(long connectionId, DataType dataType, long crmId) {
    }

    /** The links of active connections to these records of these data types. */
    public List<LinkedRecord> linksOfActive(Collection<DataType> types, Collection<Long> crmIds) {
        if (types.isEmpty() || crmIds.isEmpty()) return List.of();
        return jdbc.sql("""
                SELECT l.connection_id, l.data_type, l.crm_id FROM sync_link l JOIN connection c ON c.id = l.connection_id
                WHERE l.data_type IN (:types) AND l.crm_id IN (:ids) AND c.status = 'ACTIVE'""")
                .param("types", types.stream().map(DataType::name).toList()).param("ids", crmIds)
                .query((rs, n) -> new LinkedRecord(rs.getLong(1), DataType.valueOf(rs.getString(2)), rs.getLong(3))).list();
    }

    /**
     * The employees whose scope may hold these relations by a rule other than "all" (DESIGN rule 8):
     * their relation manager, their owners, who flagged them, and the owners of their groups.
     */
    public Set<Long> employeesRelatedTo(Collection<Long> relationIds) {
        if (relationIds.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("""
                SELECT manager_id FROM relation WHERE id IN (:ids)
                UNION SELECT employee_id FROM relation_owner WHERE relation_id IN (:ids)
                UNION SELECT employee_id FROM sync_flag WHERE relation_id IN (:ids)
                UNION SELECT g.owner_id FROM group_member m JOIN relation_group g ON g.id = m.group_id
                      WHERE m.relation_id IN (:ids)""")
                .param("ids", relationIds).query(Long.class).list());
    }

    /**
     * Who may have the contacts scope "all": {@code organisation} when the organisation's default
     * names it (then everyone may), else the employees whose own or user group's setting does. A
     * superset (a later layer may take it away); the caller checks each connection precisely.
     */
    public record AllScope(boolean organisation, Set<Long> employees) {
    }

    public AllScope allScope() {
        var employees = new HashSet<Long>();
        var organisation = new boolean[1];
        jdbc.sql("""
                SELECT s.scope, s.scope_id, m.employee_id FROM sync_setting s
                LEFT JOIN user_group_member m ON s.scope = 'USER_GROUP' AND m.group_id = s.scope_id
                WHERE s.setting_name = 'contacts.scope' AND s.setting_value LIKE '%ALL%'""")
                .query(rs -> {
                    switch (rs.getString(1)) {
                        case "ORGANISATION" -> organisation[0] = true;
                        case "EMPLOYEE" -> employees.add(rs.getLong(2));
                        default -> {
                            long member = rs.getLong(3);
                            if (!rs.wasNull()) employees.add(member);
                        }
                    }
                });
        return new AllScope(organisation[0], employees);
    }

    /** Contact person -> the organisations among these they have a role at (their cards show the organisation). */
    public Map<Long, Set<Long>> contactPersonsOf(Collection<Long> organisationIds) {
        var persons = new HashMap<Long, Set<Long>>();
        if (organisationIds.isEmpty()) return persons;
        jdbc.sql("SELECT DISTINCT person_id, organisation_id FROM contact_role WHERE organisation_id IN (:ids)")
                .param("ids", organisationIds)
                .query((rs, n) -> persons.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2))).list();
        return persons;
    }

    /** Relation -> the groups among these it is a member of. */
    public Map<Long, Set<Long>> membersOf(Collection<Long> groupIds) {
        var members = new HashMap<Long, Set<Long>>();
        if (groupIds.isEmpty()) return members;
        jdbc.sql("SELECT relation_id, group_id FROM group_member WHERE group_id IN (:ids)").param("ids", groupIds)
                .query((rs, n) -> members.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2))).list();
        return members;
    }

    /** Group -> its owner, for the groups that still exist. */
    public Map<Long, Long> groupOwners(Collection<Long> groupIds) {
        return idToEmployee("SELECT id, owner_id FROM relation_group WHERE id IN (:ids)", groupIds);
    }


    /** Change-log entry -> the owner a group had before it (V21 values of a group's owner change or delete). */
    public Map<Long, Long> formerGroupOwners(Collection<Long> seqs) {
        var owners = new HashMap<Long, Long>();
        if (seqs.isEmpty()) return owners;
        jdbc.sql("SELECT seq, old_value FROM change_value WHERE seq IN (:seqs) AND field = 'ownerId' AND old_value IS NOT NULL")
                .param("seqs", seqs).query((rs, n) -> owners.put(rs.getLong(1), Long.valueOf(rs.getString(2)))).list();
        return owners;
    }

    /** Appointment -> its organiser, whose calendar holds it (AppointmentRecords#scope); deleted ones too. */
    public Map<Long, Long> organisers(Collection<Long> appointmentIds) {
        return idToEmployee("SELECT id, organiser_id FROM appointment WHERE id IN (:ids)", appointmentIds);
    }

    /** Task -> the employee responsible, whose task list holds it (TaskRecords#scope); deleted ones too. */
    public Map<Long, Long> responsibles(Collection<Long> taskIds) {
        return idToEmployee("SELECT id, responsible_id FROM task WHERE id IN (:ids)", taskIds);
    }

    private Map<Long, Long> idToEmployee(String sql, Collection<Long> ids) {
        var employees = new HashMap<Long, Long>();
        if (ids.isEmpty()) return employees;
        jdbc.sql(sql).param("ids", ids).query((rs, n) -> employees.put(rs.getLong(1), rs.getLong(2))).list();
        return employees;
    }
}
