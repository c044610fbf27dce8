package org.koppel.crm.employee;

import static org.koppel.crm.Checks.clean;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The write path for employees, Koppel's users. */
@Service
public class Employees {

    public static final int MIN_PASSWORD_LENGTH = 10;
    public static final int MAX_PASSWORD_LENGTH = 200;

    private final EmployeeStore store;
    private final RelationStore relations;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Employees(EmployeeStore store, RelationStore relations, ChangeLogStore changeLog, FieldDiff diff,
                     PasswordEncoder passwords, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.relations = relations;
        this.changeLog = changeLog;
        this.diff = diff;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    public List<Employee> all() {
        return store.all();
    }

    public Employee find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("employee", id));
    }

    /** Creates an employee; {@code password} may be null for one who signs in another way later. */
    @Transactional
    public Employee create(Employee input, String password, boolean mustChangePassword, Origin origin) {
        return create(input, password, mustChangePassword, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Employee create(Employee input, String password, boolean mustChangePassword, List<FieldProblem> unreadable,
                           Origin origin) {
        Employee employee = cleaned(input);
        var checks = check(employee, null, unreadable);
        checkPassword(password, checks);
        checks.throwIfAny();
        if (store.findByLogin(employee.login()).isPresent()) {
            throw new ConflictException("login '" + employee.login() + "' is already taken");
        }
        Instant now = clock.instant();
        long id = store.insert(employee, password == null ? null : passwords.encode(password), mustChangePassword, now);
        var stored = find(id);
        changeLog.append(RecordType.EMPLOYEE, id, Operation.CREATE, diff.allFields(employee, Set.of()), origin, now);
        return stored;
    }

    @Transactional
    public Employee update(long id, Long expectedVersion, Employee input, Origin origin) {
        return update(id, expectedVersion, input, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Employee update(long id, Long expectedVersion, Employee input, List<FieldProblem> unreadable, Origin origin) {
        Employee current = find(id);
        StaleVersionException.require("employee", id, expectedVersion, current.version());
        Employee employee = cleaned(input);
        check(employee, id, unreadable).throwIfAny();
        if (!employee.login().equals(current.login()) && store.findByLogin(employee.login()).isPresent()) {
            throw new ConflictException("login '" + employee.login() + "' is already taken");
        }
        boolean losesAdmin = current.role() == EmployeeRole.ADMIN && current.active()
                && (employee.role() != EmployeeRole.ADMIN || !employee.active());
        if (losesAdmin && activeAdmins() == 1) {
            throw new ConflictException("employee " + id + " is the last active admin; make another employee admin first");
        }
        if (current.active() && !employee.active()) {
            long managed = store.relationsManagedBy(id);
            if (managed > 0) {
                throw new ConflictException("employee " + id + " is relation manager of " + managed
                        + " relations; give them another manager before deactivating");
            }
        }
        List<String> changed = diff.changedFields(current, employee, Set.of());
        if (changed.isEmpty()) return current;
        Instant now = clock.instant();
        if (!store.update(id, current.version(), employee, now)) {
            throw new StaleVersionException("employee", id, current.version(), find(id).version());
        }
        var stored = find(id);
        changeLog.append(RecordType.EMPLOYEE, id, Operation.UPDATE, changed, origin, now);
        // Listeners act in this transaction: a deactivation and what stops with it commit together.
        if (current.active() && !employee.active()) events.publishEvent(new EmployeeDeactivated(id, now));
        return stored;
    }

    /** A password set by an admin: every session of the employee ends (their security stamp rises). */
    @Transactional
    public void setPassword(long id, String password, boolean mustChange) {
        find(id);
        var checks = new Checks();
        checks.required("password", password);
        checkPassword(password, checks);
        checks.throwIfAny();
        store.setPassword(id, passwords.encode(password), mustChange, clock.instant());
    }

    /**
     * An employee choosing a new password, which ends a one-time password and their other sessions.
     * Returns the new security stamp, for the session that made the change to carry on with.
     */
    @Transactional
    public long changeOwnPassword(long id, String currentPassword, String newPassword) {
        var checks = new Checks();
        checks.required("currentPassword", currentPassword).required("newPassword", newPassword);
        checkPassword(newPassword, checks, "newPassword");
        checks.throwIfAny();
        String hash = store.credentials(find(id).login()).map(Credentials::passwordHash).orElse(null);
        if (hash == null || !passwords.matches(currentPassword, hash)) {
            throw new InvalidInputException("currentPassword", "is not your current password");
        }
        if (newPassword.equals(currentPassword)) {
            throw new InvalidInputException("newPassword", "must differ from the current password");
        }
        return store.setPassword(id, passwords.encode(newPassword), false, clock.instant());
    }

    private long activeAdmins() {
        return store.all().stream().filter(e -> e.active() && e.role() == EmployeeRole.ADMIN).count();
    }

    private static Employee cleaned(Employee e) {
        String login = clean(e.login());
        List<String> emails = e.emails() == null ? List.of()
                : e.emails().stream().map(Checks::clean).filter(Objects::nonNull)
                        .map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList();
        return new Employee(e.id(), e.version(), login == null ? null : login.toLowerCase(Locale.ROOT),
                clean(e.displayName()), emails, e.role(), e.active(), e.personId(), e.createdAt(), e.updatedAt());
    }

    private Checks check(Employee e, Long selfId, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        checks.required("login", e.login()).text("login", e.login(), 100)
                .required("displayName", e.displayName()).text("displayName", e.displayName(), 200)
                .required("role", e.role());
        if (e.login() != null && !e.login().matches("[a-z0-9][a-z0-9._@-]{1,99}")) {
            checks.problem("login", "use 2 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        if (!checks.size("emails", e.emails(), Limits.EMPLOYEE_EMAILS)) return checks;
        for (int i = 0; i < e.emails().size(); i++) checks.email("emails[" + i + "]", e.emails().get(i));
        Map<String, Long> owners = store.emailOwners(e.emails());
        for (int i = 0; i < e.emails().size(); i++) {
            Long owner = owners.get(e.emails().get(i));
            if (owner != null && !owner.equals(selfId)) {
                checks.problem("emails[" + i + "]", "is already an address of employee " + owner);
            }
        }
        if (e.personId() != null) {
            if (relations.kinds(List.of(e.personId())).get(e.personId()) != RelationKind.PERSON) {
                checks.problem("personId", "person " + e.personId() + " does not exist");
            } else {
                store.employeeOfPerson(e.personId()).filter(other -> !other.equals(selfId)).ifPresent(other ->
                        checks.problem("personId", "person " + e.personId() + " is already employee " + other));
            }
        }
        if (new HashSet<>(e.emails()).size() != e.emails().size()) checks.problem("emails", "holds duplicates");
        return checks;
    }

    private static void checkPassword(String password, Checks checks) {
        checkPassword(password, checks, "password");
    }

    private static void checkPassword(String password, Checks checks, String field) {
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            checks.problem(field, "must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
        if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
            checks.problem(field, "must be at most " + MAX_PASSWORD_LENGTH + " characters long");
        }
    }
}
