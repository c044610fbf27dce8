package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.longOrNull;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.koppel.crm.employee.Credentials;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeAccess;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Preferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class EmployeeStore {

    private final JdbcClient jdbc;

    public EmployeeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(Employee e, String passwordHash, boolean mustChangePassword, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO employee (login, display_name, role, password_hash, must_change_password, active, person_id,
                                      version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(e.login(), e.displayName(), e.role().name(), passwordHash, mustChangePassword, e.active(),
                        e.personId(), timestamp(now), timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        insertEmails(id, e.emails());
        return id;
    }

    public boolean update(long id, long expectedVersion, Employee e, Instant now) {
        // The stamp rises in the same statement that takes a role or the active mark away (or gives one):
        // no caller can forget it, and a session checked after the commit sees both together.
        int rows = jdbc.sql("""
                UPDATE employee SET security_stamp = CASE WHEN role <> ? OR active <> ? THEN security_stamp + 1
                                                          ELSE security_stamp END,
                       login = ?, display_name = ?, role = ?, active = ?, person_id = ?,
                       version = version + 1, updated_at = ?
                WHERE id = ? AND version = ?""")
                .params(e.role().name(), e.active(), e.login(), e.displayName(), e.role().name(), e.active(),
                        e.personId(), timestamp(now), id, expectedVersion)
                .update();
        if (rows == 0) return false;
        jdbc.sql("DELETE FROM employee_email WHERE employee_id = ?").param(id).update();
        insertEmails(id, e.emails());
        return true;
    }

    /** Sets a password and raises the security stamp, which ends the employee's other sessions; returns the new stamp. */
    public long setPassword(long id, String passwordHash, boolean mustChange, Instant now) {
        jdbc.sql("""
                UPDATE employee SET password_hash = ?, must_change_password = ?, security_stamp = security_stamp + 1,
                       updated_at = ? WHERE id = ?""")
                .params(passwordHash, mustChange, timestamp(now), id).update();
        return access(id).map(EmployeeAccess::securityStamp).orElseThrow();
    }

    /** The employee's language and time zone; empty when there is no such employee. */
    public Optional<Preferences> preferences(long id) {
        return jdbc.sql("SELECT language, time_zone FROM employee WHERE id = ?").param(id)
                .query((rs, n) -> new Preferences(rs.getString("language"), rs.getString("time_zone")))
                .optional();
    }

    public void setPreferences(long id, Preferences preferences) {
        jdbc.sql("UPDATE employee SET language = ?, time_zone = ? WHERE id = ?")
                .params(preferences.language(), preferences.timeZone(), id).update();
    }

    /** What every request of a session is checked against: one row, three columns. */
    public Optional<EmployeeAccess> access(long id) {
        return jdbc.sql("SELECT active, role, security_stamp FROM employee WHERE id = ?").param(id)
                .query((rs, n) -> new EmployeeAccess(rs.getBoolean("active"), EmployeeRole.valueOf(rs.getString("role")),
                        rs.getLong("security_stamp")))
                .optional();
    }

    public Optional<Employee> find(long id) {
        return load("WHERE id = :v", id).stream().findFirst();
    }

    public Optional<Employee> findByLogin(String login) {
        return load("WHERE login = :v", login).stream().findFirst();
    }

    public List<Employee> all() {
        return load("", null);
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM employee").query(Long.class).single();
    }

    public Optional<Credentials> credentials(String login) {
        return jdbc.sql("""
                SELECT id, login, password_hash, role, active, must_change_password, security_stamp
                FROM employee WHERE login = ?""")
                .param(login)
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("login"), rs.getString("password_hash"),
                        EmployeeRole.valueOf(rs.getString("role")), rs.getBoolean("active"),
                        rs.getBoolean("must_change_password"), rs.getLong("security_stamp")))
                .optional();
    }

    /** The active employees among the given ids. */
    public Set<Long> activeIds(Collection<Long> ids) {
        if (ids.isEmpty()) return Set.of();
        return Set.copyOf(jdbc.sql("SELECT id FROM employee WHERE active = TRUE AND id IN (:ids)").param("ids", ids)
                .query(Long.class).list());
    }

    /** Which employee, if any, already uses each of these addresses. */
    public Map<String, Long> emailOwners(Collection<String> emails) {
        if (emails.isEmpty()) return Map.of();
        var owners = new HashMap<String, Long>();
        jdbc.sql("SELECT email, employee_id FROM employee_email WHERE email IN (:emails)").param("emails", emails)
                .query((rs, n) -> owners.put(rs.getString(1), rs.getLong(2))).list();
        return owners;
    }

    public Optional<Long> employeeOfPerson(long personId) {
        return jdbc.sql("SELECT id FROM employee WHERE person_id = ?").param(personId).query(Long.class).optional();
    }

    public long relationsManagedBy(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM relation WHERE manager_id = ? AND deleted_at IS NULL").param(id)
                .query(Long.class).single();
    }

    private void insertEmails(long id, List<String> emails) {
        int position = 0;
        for (String email : emails) {
            jdbc.sql("INSERT INTO employee_email (employee_id, position, email) VALUES (?, ?, ?)")
                    .params(id, position++, email).update();
        }
    }

    private List<Employee> load(String where, Object value) {
        var spec = jdbc.sql("SELECT * FROM employee " + where + " ORDER BY LOWER(display_name), id");
        if (value != null) spec = spec.param("v", value);
        List<Employee> rows = spec.query(EmployeeStore::employee).list();
        if (rows.isEmpty()) return rows;
        Map<Long, List<String>> emails = new HashMap<>();
        jdbc.sql("SELECT employee_id, email FROM employee_email WHERE employee_id IN (:ids) ORDER BY position")
                .param("ids", rows.stream().map(Employee::id).toList())
                .query((rs, n) -> emails.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        return rows.stream().map(e -> new Employee(e.id(), e.version(), e.login(), e.displayName(),
                emails.getOrDefault(e.id(), List.of()), e.role(), e.active(), e.personId(), e.createdAt(),
                e.updatedAt())).toList();
    }

    private static Employee employee(ResultSet rs, int row) throws SQLException {
        return new Employee(rs.getLong("id"), rs.getLong("version"), rs.getString("login"), rs.getString("display_name"),
                List.of(), EmployeeRole.valueOf(rs.getString("role")), rs.getBoolean("active"),
                longOrNull(rs, "person_id"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
