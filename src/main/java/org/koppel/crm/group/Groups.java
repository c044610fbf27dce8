package org.koppel.crm.group;

import static org.koppel.crm.Checks.clean;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.FieldValues;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.GroupStore;
import org.koppel.store.RelationStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The write path for groups and their members. */
@Service
public class Groups {

    private final GroupStore store;
    private final EmployeeStore employees;
    private final RelationStore relations;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final Clock clock;

    public Groups(GroupStore store, EmployeeStore employees, RelationStore relations, ChangeLogStore changeLog,
                  FieldDiff diff, Clock clock) {
        this.store = store;
        this.employees = employees;
        this.relations = relations;
        this.changeLog = changeLog;
        this.diff = diff;
        this.clock = clock;
    }

    public List<Group> all() {
        return store.all();
    }

    /** The groups for a pick list (the relation list's filter and bulk bar): their members are not read. */
    public List<Group> choices() {
        return store.allWithoutMembers();
    }

    public Group find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("group", id));
    }

    @Transactional
    public Group create(Group input, GroupEditor editor) {
        return create(input, List.of(), editor);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Group create(Group input, List<FieldProblem> unreadable, GroupEditor editor) {
        Group group = cleaned(input);
        check(group, input.memberIds(), null, unreadable);
        GroupRights.mayCreate(group, editor);
        Origin origin = editor.origin();
        Instant now = clock.instant();
        long id = store.insert(group, now);
        var stored = find(id);
        changeLog.append(RecordType.GROUP, id, Operation.CREATE, diff.allFields(group, Set.of()), origin, now);
        return stored;
    }

    @Transactional
    public Group update(long id, Long expectedVersion, Group input, GroupEditor editor) {
        return update(id, expectedVersion, input, List.of(), editor);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public Group update(long id, Long expectedVersion, Group input, List<FieldProblem> unreadable, GroupEditor editor) {
        Group current = find(id);
        StaleVersionException.require("group", id, expectedVersion, current.version());
        Group group = cleaned(input);
        GroupRights.mayChange(current, group, editor);
        check(group, input.memberIds(), id, unreadable);
        Origin origin = editor.origin();
        List<String> changed = diff.changedFields(current, group, Set.of());
        if (changed.isEmpty()) return current;
        Instant now = clock.instant();
        if (!store.update(id, current.version(), group, now)) {
            throw new StaleVersionException("group", id, current.version(), find(id).version());
        }
        var stored = find(id);
        // With the values: the change fan-out asks the former owner's connections too (docs/sync.md).
        changeLog.appendWithValues(RecordType.GROUP, id, Operation.UPDATE, diff.values(current, group, changed), origin, now);
        return stored;
    }

    @Transactional
    public void delete(long id, GroupEditor editor) {
        Group current = find(id);
        GroupRights.mayDelete(current, editor);
        store.delete(id);
        // The owner it had: the change fan-out asks that owner's connections to run, as its members may leave their scope.
        changeLog.appendWithValues(RecordType.GROUP, id, Operation.DELETE, List.of(new FieldValues("deleted", null, "true"),
                new FieldValues("ownerId", String.valueOf(current.ownerId()), null)), editor.origin(), clock.instant());
    }

    private static Group cleaned(Group g) {
        List<Long> members = g.memberIds() == null ? List.of()
                : g.memberIds().stream().filter(Objects::nonNull).distinct().sorted().toList();
        return new Group(g.id(), g.version(), clean(g.name()), clean(g.mainGroup()), g.ownerId(), g.isPublic(), members,
                g.createdAt(), g.updatedAt());
    }

    /**
     * @param sent the member ids as sent: problems name their positions there, and the cap counts
     *             them before duplicates are dropped, so a long list costs nothing to refuse
     */
    private void check(Group g, List<Long> sent, Long selfId, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        checks.required("name", g.name()).text("name", g.name(), 100)
                .required("mainGroup", g.mainGroup()).text("mainGroup", g.mainGroup(), 100)
                .required("ownerId", g.ownerId());
        if (g.ownerId() != null && employees.activeIds(List.of(g.ownerId())).isEmpty()) {
            checks.problem("ownerId", "employee " + g.ownerId() + " does not exist or is not active");
        }
        if (sent != null && checks.size("memberIds", sent, Limits.GROUP_MEMBERS)) {
            Map<Long, RelationKind> kinds = relations.kinds(g.memberIds());
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i) != null && !kinds.containsKey(sent.get(i))) {
                    checks.problem("memberIds[" + i + "]", "relation " + sent.get(i) + " does not exist");
                }
            }
        }
        checks.throwIfAny();
        if (g.name() != null && g.mainGroup() != null) {
            store.findId(g.mainGroup(), g.name()).filter(other -> !other.equals(selfId)).ifPresent(other -> {
                throw new ConflictException("group '" + g.name() + "' already exists under main group '" + g.mainGroup() + "'");
            });
        }
    }
}
