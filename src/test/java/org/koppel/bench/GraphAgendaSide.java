package org.koppel.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.koppel.bench.BenchRuns.GraphMeasured;
import org.koppel.connector.graph.GraphPeers;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.testkit.graph.FakeGraph;
import org.springframework.context.ApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One variant of the Microsoft 365 agenda benchmark: an employee's appointments or tasks
 * ({@link KoppelAgenda}; the other count 0), a connection of the Graph bench type (contacts off) to a
 * fresh mailbox of the fake, syncing appointments with the mailbox's calendar and tasks with a To Do
 * list of its own ("Koppel"), and timed sync runs, each checked for what it should have done per data
 * type and for the values that arrived. The Outlook-side edits are made as the user makes them in
 * Outlook or To Do (a PATCH of the subject or title).
 */
final class GraphAgendaSide {

    private static final String LIST = "Koppel";

    final String label;
    private final SyncRunner runner;
    private final FakeGraph fake;
    private final GraphBenchPeers peers;
    private final String mailbox;
    private final KoppelAgenda agenda;
    private final long connection;

    GraphAgendaSide(ApplicationContext context, FakeGraph fake, GraphBenchPeers peers, String label, String login,
                    String mailbox, int appointments, int tasks) {
        this.label = label;
        this.runner = context.getBean(SyncRunner.class);
        this.fake = fake;
        this.peers = peers;
        this.mailbox = mailbox;
        this.agenda = new KoppelAgenda(context, login, label, appointments, tasks);
        // Contacts off: the employee manages no persons, and the figures are the agenda's alone.
        var settings = new HashMap<>(Map.of("mailbox", mailbox, "contacts.direction", "OFF"));
        if (appointments > 0) {
            settings.put(GraphPeers.CALENDAR, GraphPeers.CALENDAR_DEFAULT);
            settings.put("appointments.direction", "BOTH");
        }
        if (tasks > 0) {
            settings.put(GraphPeers.TASK_LIST, "koppel");
            settings.put("tasks.direction", "BOTH");
        }
        this.connection = context.getBean(Connections.class).create(peers.type(), "Bench " + label, settings,
                fake.issueToken(mailbox), agenda.owner()).id();
    }

    GraphMeasured initialSync() {
        if (!fake.calendar().events(mailbox).isEmpty() || fake.todo().listNamed(mailbox, LIST).isPresent()) {
            throw new IllegalStateException(mailbox + " is not fresh");
        }
        GraphMeasured m = sync("initial sync");
        BenchRuns.requireCreated(m.report(), DataType.APPOINTMENTS, agenda.appointmentIds().size(), label + ": the initial sync");
        BenchRuns.requireCreated(m.report(), DataType.TASKS, agenda.taskIds().size(), label + ": the initial sync");
        requireEvents();
        requireTasks();
        return m;
    }

    GraphMeasured noOp() {
        GraphMeasured m = sync("no-op re-sync");
        BenchRuns.requireNothingDone(m.report(), label + ": the no-op re-sync");
        requireEvents();
        requireTasks();
        return m;
    }

    /** 1% renamed in Koppel (appointments: weekly series, each with an edited occurrence); Outlook must show it after the run. */
    GraphMeasured editInKoppel() {
        List<Long> appointments = KoppelAgenda.pick(agenda.appointmentIds(), 0);
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), 0);
        agenda.renameAppointments(appointments, "Koppel ");
        agenda.renameTasks(tasks, "Koppel ");
        GraphMeasured m = sync("re-sync after 1% edits in Koppel");
        requireSynced(m, appointments.size(), tasks.size());
        requireShown(requireEvents(), appointments, "subject", "Koppel ", "Outlook");
        requireShown(requireTasks(), tasks, "title", "Koppel ", "To Do");
        return m;
    }

    /** 1% renamed in Outlook and To Do (appointments: single timed ones); Koppel must show it after the run. */
    GraphMeasured editInOutlook() {
        List<Long> appointments = KoppelAgenda.pick(agenda.appointmentIds(), Math.min(50, agenda.appointmentIds().size() / 2));
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), Math.min(50, agenda.taskIds().size() / 2));
        Map<Long, ObjectNode> events = requireEvents();
        for (long id : appointments) {
            fake.calendar().outlookEdit(mailbox, events.get(id).path("id").asString(), "{\"subject\":\"Outlook " + id + "\"}");
        }
        Map<Long, ObjectNode> list = requireTasks();
        for (long id : tasks) {
            fake.todo().userEdit(mailbox, list.get(id).path("id").asString(), "{\"title\":\"Outlook " + id + "\"}");
        }
        GraphMeasured m = sync("re-sync after 1% edits in Outlook");
        requireSynced(m, appointments.size(), tasks.size());
        for (long id : appointments) requireSubject("appointment", id, agenda.appointmentSubject(id));
        for (long id : tasks) requireSubject("task", id, agenda.taskSubject(id));
        requireEvents();
        requireTasks();
        return m;
    }

    private GraphMeasured sync(String what) {
        return BenchRuns.graph(runner, fake, peers, connection, mailbox, label + " " + what, DataType.APPOINTMENTS,
                DataType.TASKS);
    }

    private void requireSynced(GraphMeasured m, int appointments, int tasks) {
        BenchRuns.requireSynced(m.report(), DataType.APPOINTMENTS, appointments, label + ": the re-sync");
        BenchRuns.requireSynced(m.report(), DataType.TASKS, tasks, label + ": the re-sync");
    }

    private static void requireShown(Map<Long, ObjectNode> items, List<Long> ids, String field, String prefix, String where) {
        for (long id : ids) {
            String value = items.get(id).path(field).asString("");
            if (!value.equals(prefix + id)) {
                throw new IllegalStateException("the Koppel edit of " + id + " did not reach " + where + ": " + value);
            }
        }
    }

    private static void requireSubject(String kind, long id, String subject) {
        if (!subject.equals("Outlook " + id)) {
            throw new IllegalStateException("the Outlook edit of " + kind + " " + id + " did not reach Koppel: " + subject);
        }
    }

    /** The calendar's events and series by stamped CRM id: exactly one per appointment, none without a stamp. Not timed. */
    private Map<Long, ObjectNode> requireEvents() {
        return byStamp("calendar", fake.calendar().events(mailbox), agenda.appointmentIds(), GraphAgendaSide::eventStamp);
    }

    /** The Koppel list's tasks by stamped CRM id, as {@link #requireEvents}. Not timed. */
    private Map<Long, ObjectNode> requireTasks() {
        if (agenda.taskIds().isEmpty()) return Map.of();
        String listId = fake.todo().listNamed(mailbox, LIST)
                .orElseThrow(() -> new IllegalStateException(mailbox + " has no To Do list " + LIST));
        return byStamp("To Do list", fake.todo().tasks(mailbox, listId), agenda.taskIds(), GraphAgendaSide::taskStamp);
    }

    private Map<Long, ObjectNode> byStamp(String where, List<ObjectNode> all, List<Long> ids, Function<JsonNode, Long> stamp) {
        var byStamp = new HashMap<Long, ObjectNode>();
        for (ObjectNode item : all) {
            Long crmId = stamp.apply(item);
            if (crmId == null) throw new IllegalStateException(label + ": an item without a stamp in the " + where + ": " + item);
            if (byStamp.put(crmId, item) != null) throw new IllegalStateException(label + ": two items of " + crmId + " in the " + where);
        }
        if (!byStamp.keySet().equals(new HashSet<>(ids))) {
            var missing = new ArrayList<>(ids);
            missing.removeAll(byStamp.keySet());
            throw new IllegalStateException(label + ": the " + where + " holds " + all.size() + " items, not " + ids.size()
                    + "; missing: " + missing.subList(0, Math.min(5, missing.size())));
        }
        return byStamp;
    }

    /** Koppel's extended property (Name KoppelId) on an event, as GraphEventPeer writes it. */
    private static Long eventStamp(JsonNode event) {
        for (JsonNode property : event.path("singleValueExtendedProperties")) {
            if (property.path("id").asString("").endsWith(" Name KoppelId")) return Long.valueOf(property.path("value").asString(""));
        }
        return null;
    }

    /** Koppel's linkedResource (applicationName Koppel, the CRM id as externalId), as GraphTaskPeer writes it. */
    private static Long taskStamp(JsonNode task) {
        for (JsonNode link : task.path("linkedResources")) {
            if ("Koppel".equals(link.path("applicationName").asString(""))) {
                return Long.valueOf(link.path("externalId").asString(""));
            }
        }
        return null;
    }
}
