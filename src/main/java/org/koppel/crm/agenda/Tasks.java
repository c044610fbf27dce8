package org.koppel.crm.agenda;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.Page;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.koppel.store.TaskStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one write path for tasks, as {@code Relations} is for relations: checked whole, stored and
 * appended to the change log in one transaction, the append last. {@code completedAt} follows the
 * status: set when a task becomes completed, kept while it stays so, cleared when it is reopened.
 */
@Service
public class Tasks {

    private static final String LABEL = "task";
    /** Follows {@code status}; a change of status is the change logged. */
    private static final Set<String> DERIVED = Set.of("completedAt");

    private final TaskStore store;
    private final EmployeeStore employees;
    private final RelationStore relations;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final Clock clock;

    public Tasks(TaskStore store, EmployeeStore employees, RelationStore relations, ChangeLogStore changeLog,
                 FieldDiff diff, Clock clock) {
        this.store = store;
        this.employees = employees;
        this.relations = relations;
        this.changeLog = changeLog;
        this.diff = diff;
        this.clock = clock;
    }

    @Transactional
    public Task create(Task input, List<FieldProblem> unreadable, Origin origin) {
        Instant now = clock.instant();
        Task task = completion(input.cleaned(), null, now);
        check(task, null, unreadable);
        long id = store.insert(task, now);
        Task stored = store.find(id).orElseThrow();
        changeLog.append(RecordType.TASK, id, Operation.CREATE, diff.allFields(stored, DERIVED), origin, now);
        return stored;
    }

    /** Replaces the content of a task; unchanged (same version, nothing logged) when it equals what is stored. */
    @Transactional
    public Task update(long id, Long expectedVersion, Task input, List<FieldProblem> unreadable, Origin origin) {
        Task current = find(id);
        StaleVersionException.require(LABEL, id, expectedVersion, current.version());
        if (current.deletedAt() != null) throw new ConflictException("task " + id + " is deleted; restore it before changing it");
        Instant now = clock.instant();
        Task task = completion(input.cleaned(), current, now);
        check(task, current, unreadable);
        List<String> changed = diff.changedFields(current, task, DERIVED);
        if (changed.isEmpty()) return current;
        if (!store.update(id, current.version(), task, now)) throw stale(id, current.version());
        Task stored = store.find(id).orElseThrow();
        changeLog.append(RecordType.TASK, id, Operation.UPDATE, changed, origin, now);
        return stored;
    }

    @Transactional
    public Task delete(long id, Long expectedVersion, Origin origin) {
        Task current = find(id);
        StaleVersionException.require(LABEL, id, expectedVersion, current.version());
        if (current.deletedAt() != null) return current;
        return setDeleted(current, clock.instant(), Operation.DELETE, origin);
    }

    @Transactional
    public Task restore(long id, Origin origin) {
        Task current = find(id);
        if (current.deletedAt() == null) return current;
        return setDeleted(current, null, Operation.RESTORE, origin);
    }

    public Task find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException(LABEL, id));
    }

    public Page<Task> search(TaskQuery query) {
        return store.search(query);
    }

    /** The completion time is Koppel's to set: a client's value is ignored, the stored one kept while still completed. */
    private static Task completion(Task task, Task current, Instant now) {
        if (task.status() != TaskStatus.COMPLETED) return task.withCompletedAt(null);
        if (current != null && current.status() == TaskStatus.COMPLETED) return task.withCompletedAt(current.completedAt());
        return task.withCompletedAt(now);
    }

    private Task setDeleted(Task current, Instant deletedAt, Operation operation, Origin origin) {
        Instant now = clock.instant();
        if (!store.markDeleted(current.id(), current.version(), deletedAt, now)) throw stale(current.id(), current.version());
        Task stored = store.find(current.id()).orElseThrow();
        changeLog.append(RecordType.TASK, current.id(), operation, List.of("deleted"), origin, now);
        return stored;
    }

    /** A responsible employee deactivated since, or a relation deleted since, may stay on an edited task. */
    private void check(Task task, Task current, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        task.checkDetails(checks);
        KeptOrLive.employee(checks, employees, "responsibleId", task.responsibleId(),
                current == null ? null : current.responsibleId());
        Long relation = task.relationId();
        if (relation != null) {
            String refusal = KeptOrLive.Relations.of(relations, Set.of(relation))
                    .refusal(relation, current != null && relation.equals(current.relationId()));
            if (refusal != null) checks.problem("relationId", refusal);
        }
        checks.throwIfAny();
    }

    private StaleVersionException stale(long id, long expected) {
        long now = store.find(id).map(Task::version).orElse(expected);
        return new StaleVersionException(LABEL, id, expected, now);
    }
}
