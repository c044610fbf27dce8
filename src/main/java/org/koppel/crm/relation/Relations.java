package org.koppel.crm.relation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.Page;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one write path for organisations, persons and leads. Every write is checked whole, stored
 * and appended to the change log in one transaction; a write that fails any check stores nothing.
 * The stored relation is read back before the append, which stays the transaction's last statement:
 * the append locks the change-log counter until commit, and every other writer waits for that lock.
 */
@Service
public class Relations {

    private final RelationStore store;
    private final EmployeeStore employees;
    private final CustomFields customFields;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final Clock clock;

    public Relations(RelationStore store, EmployeeStore employees, CustomFields customFields, ChangeLogStore changeLog,
                     FieldDiff diff, Clock clock) {
        this.store = store;
        this.employees = employees;
        this.customFields = customFields;
        this.changeLog = changeLog;
        this.diff = diff;
        this.clock = clock;
    }

    @Transactional
    public Relation create(Relation input, Origin origin) {
        return create(input, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Relation create(Relation input, List<FieldProblem> unreadable, Origin origin) {
        Relation relation = input.cleaned();
        Map<String, String> custom = check(relation, null, unreadable);
        Instant now = clock.instant();
        long id = store.insert(relation, custom, SearchText.of(relation), now);
        Relation stored = store.find(id).orElseThrow();
        changeLog.append(relation.kind().recordType(), id, Operation.CREATE, diff.allFields(relation, Relation.DERIVED_FIELDS), origin, now);
        return stored;
    }

    /**
     * Replaces the content of a relation. {@code expectedVersion}, when given, must be the
     * current version. Returns the relation as stored; unchanged (same version, nothing logged)
     * when the input equals what is stored.
     */
    @Transactional
    public Relation update(RelationKind kind, long id, Long expectedVersion, Relation input, Origin origin) {
        return update(kind, id, expectedVersion, input, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Relation update(RelationKind kind, long id, Long expectedVersion, Relation input,
                           List<FieldProblem> unreadable, Origin origin) {
        Relation current = find(kind, id);
        requireVersion(current, expectedVersion);
        if (current.deleted()) {
            throw new ConflictException(label(kind) + " " + id + " is deleted; restore it before changing it");
        }
        if (input.kind() != kind) throw new IllegalArgumentException("expected a " + kind + ", got " + input.kind());
        Relation relation = input.cleaned();
        Map<String, String> custom = check(relation, current, unreadable);
        List<String> changed = new ArrayList<>(diff.changedFields(current, relation, Relation.DERIVED_AND_CUSTOM));
        if (!custom.equals(customFields.encode(kind, current.customFields()))) changed.add("customFields");
        if (changed.isEmpty()) return current;
        Instant now = clock.instant();
        if (!store.update(id, current.version(), relation, custom, SearchText.of(relation), now)) {
            throw stale(kind, id, current.version());
        }
        Relation stored = store.find(id).orElseThrow();
        // the values as stored on both sides, so a custom number typed as "42.50" shows as stored, 42.5
        changeLog.appendWithValues(kind.recordType(), id, Operation.UPDATE, diff.values(current, stored, changed), origin, now);
        return stored;
    }

    /** Soft delete: the relation leaves every listing and every sync scope, and can be restored. */
    @Transactional
    public Relation delete(RelationKind kind, long id, Long expectedVersion, Origin origin) {
        Relation current = find(kind, id);
        requireVersion(current, expectedVersion);
        if (current.deleted()) return current;
        return setDeleted(current, clock.instant(), Operation.DELETE, origin);
    }

    @Transactional
    public Relation restore(RelationKind kind, long id, Origin origin) {
        Relation current = find(kind, id);
        if (!current.deleted()) return current;
        return setDeleted(current, null, Operation.RESTORE, origin);
    }

    /**
     * What the write path would refuse of a new relation, stored or not: a CSV import's dry run
     * shows these, and the import itself gets the same ones from {@link #create}.
     */
    public List<FieldProblem> problemsOfNew(Relation input) {
        try {
            check(input.cleaned(), null, List.of());
            return List.of();
        } catch (org.koppel.crm.InvalidInputException e) {
            return e.problems();
        }
    }

    public Relation find(RelationKind kind, long id) {
        return store.find(id).filter(r -> kind == null || r.kind() == kind)
                .orElseThrow(() -> new NotFoundException(label(kind), id));
    }

    /** The live persons who are contact person at this organisation (at most {@code limit}), by name. */
    public List<Person> contactPersonsAt(long organisationId, int limit) {
        return store.load(store.contactPersonsAt(organisationId, limit)).stream().map(Person.class::cast).toList();
    }

    /** How the given relations are listed, by id; ids that do not exist are left out. */
    public Map<Long, String> displayNames(java.util.Collection<Long> ids) {
        return store.displayNames(ids);
    }

    /** The relation type names in use (at most 500), for forms to offer beside free text. */
    public List<String> relationTypeNames() {
        return store.relationTypeNames(500);
    }

    public Page<Relation> search(RelationQuery query) {
        return store.search(query);
    }

    /** Marks or unmarks "keep this relation in my address book" for one employee. */
    @Transactional
    public void setSyncFlag(RelationKind kind, long id, long employeeId, boolean flagged, Origin origin) {
        Relation relation = find(kind, id);
        Instant now = clock.instant();
        if (store.setSyncFlag(id, employeeId, flagged, now)) {
            changeLog.append(relation.kind().recordType(), id, Operation.UPDATE, List.of("syncFlag"), origin, now);
        }
    }

    public boolean isSyncFlagged(long id, long employeeId) {
        return store.syncFlaggedBy(employeeId, List.of(id)).contains(id);
    }

    private Relation setDeleted(Relation current, Instant deletedAt, Operation operation, Origin origin) {
        Instant now = clock.instant();
        if (!store.markDeleted(current.id(), current.version(), deletedAt, now)) {
            throw stale(current.kind(), current.id(), current.version());
        }
        Relation stored = store.find(current.id()).orElseThrow();
        changeLog.append(current.kind().recordType(), current.id(), operation, List.of("deleted"), origin, now);
        return stored;
    }

    /**
     * Checks every field of a cleaned relation; returns its custom values encoded for storage.
     * {@code current} is the stored version when the relation is edited: what it already holds may
     * stay even where it would not be allowed anew (an owner deactivated since).
     */
    private Map<String, String> check(Relation relation, Relation current, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        LocalDate today = LocalDate.now(clock);
        relation.checkDetails(checks, today);
        checkEmployees(relation, current, checks);
        if (checks.size("relationTypes", relation.relationTypes(), Limits.RELATION_TYPES)) {
            for (int i = 0; i < relation.relationTypes().size(); i++) {
                checks.text("relationTypes[" + i + "]", relation.relationTypes().get(i), 100);
            }
        }
        if (checks.size("addresses", relation.addresses(), Limits.ADDRESSES)) {
            for (int i = 0; i < relation.addresses().size(); i++) {
                relation.addresses().get(i).check("addresses[" + i + "]", checks);
            }
        }
        checks.text("comment", relation.comment(), 10_000);
        if (relation instanceof Person person) checkOrganisations(person, checks);
        Map<String, String> custom = checks.size("customFields", relation.customFields(), Limits.CUSTOM_VALUES)
                ? customFields.encode(relation.kind(), relation.customFields(), checks) : Map.of();
        checks.throwIfAny();
        return custom;
    }

    /**
     * One look-up for all employees named, whatever the list's length. New owners and a new manager
     * must be active employees; those the stored relation already has may stay after they were
     * deactivated, or the relation could not be edited at all until someone removed them.
     */
    private void checkEmployees(Relation relation, Relation current, Checks checks) {
        // A relation stored with more owners than the cap allows today stays editable, as long as its list does not grow.
        int cap = current == null ? Limits.OWNERS : Math.max(Limits.OWNERS, current.ownerIds().size());
        List<Long> owners = checks.size("ownerIds", relation.ownerIds(), cap) ? relation.ownerIds() : List.of();
        var referenced = new HashSet<Long>();
        owners.stream().filter(Objects::nonNull).forEach(referenced::add);
        if (relation.managerId() != null) referenced.add(relation.managerId());
        Set<Long> active = employees.activeIds(referenced);
        Set<Long> keptOwners = current == null ? Set.of() : new HashSet<>(current.ownerIds());
        Long keptManager = current == null ? null : current.managerId();
        if (relation.managerId() == null) {
            checks.problem("managerId", "is required: every relation has exactly one relation manager");
        } else if (!active.contains(relation.managerId()) && !relation.managerId().equals(keptManager)) {
            checks.problem("managerId", "employee " + relation.managerId() + " does not exist or is not active");
        }
        var firstIndex = new HashMap<Long, Integer>();
        for (int i = 0; i < owners.size(); i++) {
            Long owner = owners.get(i);
            Integer earlier = owner == null ? null : firstIndex.putIfAbsent(owner, i);
            if (owner == null) {
                checks.problem("ownerIds[" + i + "]", "must be an employee id, not null");
            } else if (earlier != null) {
                checks.problem("ownerIds[" + i + "]", "employee " + owner + " is listed already (ownerIds[" + earlier
                        + "]); list each owner once");
            } else if (!active.contains(owner) && !keptOwners.contains(owner)) {
                checks.problem("ownerIds[" + i + "]", "employee " + owner + " does not exist or is not active");
            }
        }
    }

    private void checkOrganisations(Person person, Checks checks) {
        if (person.contactRoles().size() > Limits.CONTACT_ROLES) return;
        List<Long> ids = person.contactRoles().stream().map(ContactRole::organisationId)
                .filter(Objects::nonNull).distinct().toList();
        Map<Long, RelationKind> kinds = store.kinds(ids);
        for (int i = 0; i < person.contactRoles().size(); i++) {
            Long org = person.contactRoles().get(i).organisationId();
            if (org != null && kinds.get(org) != RelationKind.ORGANISATION) {
                checks.problem("contactRoles[" + i + "].organisationId", "organisation " + org + " does not exist");
            }
        }
    }

    private static void requireVersion(Relation current, Long expectedVersion) {
        StaleVersionException.require(label(current.kind()), current.id(), expectedVersion, current.version());
    }

    private StaleVersionException stale(RelationKind kind, long id, long expected) {
        long now = store.find(id).map(Relation::version).orElse(expected);
        return new StaleVersionException(label(kind), id, expected, now);
    }

    static String label(RelationKind kind) {
        return kind == null ? "relation" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
