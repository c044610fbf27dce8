package org.koppel.sim;

import static org.koppel.sync.TaskSlots.DUE;
import static org.koppel.sync.TaskSlots.NOTES;
import static org.koppel.sync.TaskSlots.PRIORITY;
import static org.koppel.sync.TaskSlots.STATUS;
import static org.koppel.sync.TaskSlots.SUBJECT;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.crm.Origin;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskPriority;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;
import org.koppel.sync.TaskProjection;
import org.koppel.sync.TaskSlots;

/**
 * Tasks: open ones due within the window, undated, or due after it; completed ones (never sent);
 * notes and priority; completed in Koppel or in the peer.
 */
final class TaskKind extends AgendaKind<Task> {

    private final Koppel koppel;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    TaskKind(Koppel koppel) {
        this.koppel = koppel;
    }

    @Override
    DataType type() {
        return DataType.TASKS;
    }

    @Override
    String noun() {
        return "task";
    }

    @Override
    long owner(Task t) {
        return t.responsibleId();
    }

    @Override
    List<String> editedSlots() {
        return List.of(SUBJECT, DUE, STATUS, PRIORITY, NOTES);
    }

    @Override
    Task create(long responsible, Random random, int n) {
        int roll = random.nextInt(100);
        LocalDate due = roll < 60 ? today.plusDays(random.nextInt(26)) : roll < 72 ? null : today.plusDays(40 + random.nextInt(30));
        TaskStatus status = random.nextInt(100) < 15 ? TaskStatus.COMPLETED : TaskStatus.OPEN;
        TaskPriority priority = TaskPriority.values()[random.nextInt(TaskPriority.values().length)];
        return koppel.tasks.create(new Task(null, null, "Task " + n, due, status, null, priority,
                random.nextBoolean() ? "Notes of task " + n : null, responsible, null, null, null, null), List.of(),
                Origin.user(responsible));
    }

    @Override
    Task find(long id) {
        return koppel.taskStore.load(List.of(id)).get(id); // deleted ones too
    }

    @Override
    long id(Task t) {
        return t.id();
    }

    @Override
    long version(Task t) {
        return t.version();
    }

    @Override
    boolean deleted(Task t) {
        return t.deletedAt() != null;
    }

    @Override
    Task update(Task t, Map<String, String> changes) {
        String subject = changes.containsKey(SUBJECT) ? changes.get(SUBJECT) : t.subject();
        LocalDate due = !changes.containsKey(DUE) ? t.dueDate() : changes.get(DUE) == null ? null : LocalDate.parse(changes.get(DUE));
        TaskStatus status = !changes.containsKey(STATUS) ? t.status()
                : TaskSlots.COMPLETED.equals(changes.get(STATUS)) ? TaskStatus.COMPLETED : TaskStatus.OPEN;
        TaskPriority priority = !changes.containsKey(PRIORITY) ? t.priority()
                : TaskSlots.HIGH.equals(changes.get(PRIORITY)) ? TaskPriority.HIGH
                : TaskSlots.LOW.equals(changes.get(PRIORITY)) ? TaskPriority.LOW : TaskPriority.NORMAL;
        String notes = changes.containsKey(NOTES) ? changes.get(NOTES) : t.notes();
        return koppel.tasks.update(t.id(), t.version(), new Task(t.id(), t.version(), subject, due, status, t.completedAt(),
                priority, notes, t.responsibleId(), t.relationId(), null, null, null), List.of(), Origin.user(t.responsibleId()));
    }

    @Override
    void delete(Task t) {
        koppel.tasks.delete(t.id(), t.version(), Origin.user(t.responsibleId()));
    }

    @Override
    Task handTo(Task t, long employee) {
        return koppel.tasks.update(t.id(), t.version(), new Task(t.id(), t.version(), t.subject(), t.dueDate(), t.status(),
                t.completedAt(), t.priority(), t.notes(), employee, t.relationId(), null, null, null), List.of(),
                Origin.user(t.responsibleId()));
    }

    @Override
    Snapshot project(Task t) {
        return TaskProjection.project(t, koppel.config.fieldMap(DataType.TASKS));
    }

    @Override
    Set<Long> scope(long user, SyncWindow window) {
        return koppel.taskStore.openIdsOf(user, LocalDate.ofInstant(window.to(), ZoneOffset.UTC));
    }

    @Override
    Map<String, String> change(String slot, Map<String, String> now, Random random, String label, int n) {
        var changes = new HashMap<String, String>();
        switch (slot) {
            case SUBJECT -> changes.put(SUBJECT, label + " task " + n);
            case NOTES -> changes.put(NOTES, now.get(NOTES) != null && random.nextInt(5) == 0 ? null : label + " note " + n);
            case DUE -> changes.put(DUE, now.get(DUE) != null && random.nextInt(6) == 0 ? null
                    : today.plusDays(random.nextInt(5) == 0 ? 40 + random.nextInt(30) : random.nextInt(26)).toString());
            case STATUS -> {
                if (now.get(STATUS) != null) return null;
                changes.put(STATUS, TaskSlots.COMPLETED);
            }
            case PRIORITY -> {
                var others = new ArrayList<>(Arrays.asList(TaskSlots.HIGH, TaskSlots.LOW, null));
                others.remove(now.get(PRIORITY));
                changes.put(PRIORITY, others.get(random.nextInt(others.size())));
            }
            default -> throw new IllegalArgumentException(slot);
        }
        return changes;
    }

    @Override
    Map<String, String> peerMade(Random random, int n) {
        var slots = new TreeMap<String, String>();
        slots.put(SUBJECT, "Noted on the phone " + n);
        int roll = random.nextInt(100);
        if (roll < 65) slots.put(DUE, today.plusDays(random.nextInt(26)).toString());
        if (roll >= 80) slots.put(STATUS, TaskSlots.COMPLETED);
        if (random.nextBoolean()) slots.put(NOTES, "Phone note " + n);
        if (random.nextInt(4) == 0) slots.put(PRIORITY, TaskSlots.HIGH);
        return slots;
    }

    @Override
    boolean importable(Map<String, String> slots, SyncWindow window) {
        return !TaskSlots.COMPLETED.equals(slots.get(STATUS));
    }

    @Override
    String refusedCreate(Snapshot sent, SyncWindow window) {
        if (TaskSlots.COMPLETED.equals(sent.get(STATUS))) return "the task is completed";
        if (sent.get(DUE) != null && !LocalDate.parse(sent.get(DUE)).isBefore(LocalDate.ofInstant(window.to(), ZoneOffset.UTC).plusDays(1))) {
            return "it is due after the window";
        }
        return null;
    }

    @Override
    boolean mustShowCompleted(Task t, long user) {
        return t.responsibleId() == user && (t.deletedAt() != null || t.status() == TaskStatus.COMPLETED);
    }

    @Override
    boolean showsCompleted(Map<String, String> slots) {
        return TaskSlots.COMPLETED.equals(slots.get(STATUS));
    }
}
