package org.koppel.runtime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.PeerItem;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.TaskStore;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;
import org.koppel.sync.TaskProjection;
import org.koppel.sync.TaskSlots;

/**
 * Tasks: the open ones an employee is responsible for, due within the window or undated, in their task
 * list. A completed task is never pushed (webCRM); one completed or deleted in Koppel is marked
 * completed in the peer (said once: its link then rests), never deleted there (CRMcorner: delete in
 * the CRM, or complete in Outlook); a task deleted in the peer stays in Koppel. A task made in the
 * task list comes into Koppel.
 */
final class TaskRecords implements SyncedRecords<Task> {

    private static final Snapshot COMPLETED = Snapshot.of(Map.of(TaskSlots.STATUS, TaskSlots.COMPLETED));

    private final TaskStore store;
    private final Tasks tasks;
    private final ChangeLogStore changeLog;

    TaskRecords(TaskStore store, Tasks tasks, ChangeLogStore changeLog) {
        this.store = store;
        this.tasks = tasks;
        this.changeLog = changeLog;
    }

    @Override
    public DataType type() {
        return DataType.TASKS;
    }

    @Override
    public String noun() {
        return "tasks";
    }

    @Override
    public long id(Task t) {
        return t.id();
    }

    @Override
    public long version(Task t) {
        return t.version();
    }

    @Override
    public Instant updatedAt(Task t) {
        return t.updatedAt();
    }

    @Override
    public Map<Long, Task> load(Collection<Long> ids) {
        return store.load(ids);
    }

    @Override
    public Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window) {
        return store.openIdsOf(connection.ownerId(), LocalDate.ofInstant(window.to(), ZoneOffset.UTC));
    }

    @Override
    public Set<Long> inScopeAmong(Connection connection, SyncPolicy policy, SyncWindow window, Collection<Long> ids) {
        return store.openIdsOf(connection.ownerId(), LocalDate.ofInstant(window.to(), ZoneOffset.UTC), ids);
    }

    @Override
    public boolean followsWindow() {
        return true;
    }

    @Override
    public Set<Long> changedSince(long cursor) {
        return changeLog.idsChangedAfter(cursor, RecordType.TASK);
    }

    @Override
    public List<FieldMap.Row> rows(FieldMap map, Task t) {
        return map.rows();
    }

    @Override
    public Snapshot project(Task t, FieldMap map) {
        return TaskProjection.project(t, map);
    }

    @Override
    public boolean creatable(Task t) {
        return t.status() == TaskStatus.OPEN;
    }

    @Override
    public Task apply(Task t, Snapshot merged, Set<String> slots, FieldMap map) {
        return TaskProjection.apply(t, merged, slots, map);
    }

    @Override
    public Task update(Task current, Task changed, Origin origin) {
        return tasks.update(current.id(), current.version(), changed, List.of(), origin);
    }

    @Override
    public Leaving leaving(Task t, Connection connection) {
        if (t.deletedAt() != null) {
            return Leaving.farewell("deleted in Koppel; marked completed in the peer, which keeps it", COMPLETED);
        }
        if (t.status() == TaskStatus.COMPLETED) return Leaving.farewell("completed in Koppel", COMPLETED);
        // Due after the window, or handed to a colleague: the link rests (see AppointmentRecords#leaving).
        return Leaving.keep();
    }

    @Override
    public String label(String slot) {
        return TaskSlots.label(slot);
    }

    /** A task made in the task list: created in Koppel by the policy, unless it was completed before Koppel saw it. */
    @Override
    public void adopt(PeerItem item, TypeRun<Task> run) {
        RunContext<Task> c = run.context;
        if (TaskSlots.COMPLETED.equals(item.values().get(TaskSlots.STATUS))) {
            c.report.item(null, item.peerId(), Outcome.SKIPPED, "completed in the peer before Koppel saw it; not imported");
            return;
        }
        String refused = PeerCreation.refusal(c.policy, item, "tasks");
        if (refused != null) {
            c.report.item(null, item.peerId(), Outcome.SKIPPED, refused);
            return;
        }
        Task draft = TaskProjection.fromPeer(item.values(), c.map, c.connection.ownerId(), null);
        PeerCreation.create(item, run, origin -> tasks.create(draft, List.of(), origin), "created in Koppel from the peer");
    }
}
