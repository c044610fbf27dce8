package org.koppel.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

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
 * Koppel's side of the Microsoft 365 agenda benchmark: one employee's agenda ({@link KoppelAgenda}),
 * a connection of the Graph bench type (contacts off) to a fresh mailbox of the fake, syncing tasks
 * with a To Do list of its own ("Koppel"), and timed sync runs, each checked for what it should have
 * done per data type and for the values that arrived. The Outlook-side edits are made as the To Do app
 * makes them (a PATCH of the title).
 */
final class GraphAgendaSide {

    private static final String LIST = "Koppel";

    private final SyncRunner runner;
    private final FakeGraph fake;
    private final GraphBenchPeers peers;
    private final String mailbox;
    private final KoppelAgenda agenda;
    private final long connection;

    GraphAgendaSide(ApplicationContext context, FakeGraph fake, GraphBenchPeers peers, String mailbox, int tasks) {
        this.runner = context.getBean(SyncRunner.class);
        this.fake = fake;
        this.peers = peers;
        this.mailbox = mailbox;
        this.agenda = new KoppelAgenda(context, "outlook", "Olga Outlook", 0, tasks);
        // Contacts off: the employee manages no persons, and the figures are the agenda's alone.
        this.connection = context.getBean(Connections.class).create(peers.type(), "Bench Outlook", Map.of("mailbox", mailbox,
                GraphPeers.TASK_LIST, "koppel", "contacts.direction", "OFF", "tasks.direction", "BOTH"),
                fake.issueToken(mailbox), agenda.owner()).id();
    }

    GraphMeasured initialSync() {
        if (fake.todo().listNamed(mailbox, LIST).isPresent()) throw new IllegalStateException(mailbox + " is not fresh");
        GraphMeasured m = sync("initial sync");
        BenchRuns.requireCreated(m.report(), DataType.TASKS, agenda.taskIds().size(), "the initial sync");
        requireTasks();
        return m;
    }

    GraphMeasured noOp() {
        GraphMeasured m = sync("no-op re-sync");
        BenchRuns.requireNothingDone(m.report(), "the no-op re-sync");
        requireTasks();
        return m;
    }

    /** 1% of the tasks renamed in Koppel; their To Do tasks must show it after the run. */
    GraphMeasured editInKoppel() {
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), 0);
        agenda.renameTasks(tasks, "Koppel ");
        GraphMeasured m = sync("re-sync after 1% edits in Koppel");
        BenchRuns.requireSynced(m.report(), DataType.TASKS, tasks.size(), "the re-sync");
        Map<Long, ObjectNode> list = requireTasks();
        for (long id : tasks) {
            String title = list.get(id).path("title").asString("");
            if (!title.equals("Koppel " + id)) {
                throw new IllegalStateException("the edit of task " + id + " did not reach To Do: " + title);
            }
        }
        return m;
    }

    /** 1% of the To Do tasks renamed in the To Do app; Koppel must show it after the run. */
    GraphMeasured editInOutlook() {
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), Math.min(50, agenda.taskIds().size() / 2));
        Map<Long, ObjectNode> list = requireTasks();
        for (long id : tasks) {
            fake.todo().userEdit(mailbox, list.get(id).path("id").asString(), "{\"title\":\"Outlook " + id + "\"}");
        }
        GraphMeasured m = sync("re-sync after 1% edits in Outlook");
        BenchRuns.requireSynced(m.report(), DataType.TASKS, tasks.size(), "the re-sync");
        for (long id : tasks) {
            String subject = agenda.taskSubject(id);
            if (!subject.equals("Outlook " + id)) {
                throw new IllegalStateException("the To Do edit of task " + id + " did not reach Koppel: " + subject);
            }
        }
        requireTasks();
        return m;
    }

    private GraphMeasured sync(String what) {
        return BenchRuns.graph(runner, fake, peers, connection, mailbox, "Koppel " + what, DataType.TASKS);
    }

    /** The Koppel list's tasks by stamped CRM id: exactly one per task, none without a stamp. Not timed. */
    private Map<Long, ObjectNode> requireTasks() {
        String listId = fake.todo().listNamed(mailbox, LIST)
                .orElseThrow(() -> new IllegalStateException(mailbox + " has no To Do list " + LIST));
        List<ObjectNode> all = fake.todo().tasks(mailbox, listId);
        var byStamp = new HashMap<Long, ObjectNode>();
        for (ObjectNode task : all) {
            Long stamp = stamp(task);
            if (stamp == null) throw new IllegalStateException("a To Do task without a stamp: " + task);
            if (byStamp.put(stamp, task) != null) throw new IllegalStateException("two To Do tasks of " + stamp);
        }
        if (!byStamp.keySet().equals(new HashSet<>(agenda.taskIds()))) {
            var missing = new ArrayList<>(agenda.taskIds());
            missing.removeAll(byStamp.keySet());
            throw new IllegalStateException("the Koppel list holds " + all.size() + " tasks, not " + agenda.taskIds().size()
                    + "; missing: " + missing.subList(0, Math.min(5, missing.size())));
        }
        return byStamp;
    }

    /** Koppel's linkedResource (applicationName Koppel, the CRM id as externalId), as GraphTaskPeer writes it. */
    private static Long stamp(JsonNode task) {
        for (JsonNode link : task.path("linkedResources")) {
            if ("Koppel".equals(link.path("applicationName").asString(""))) {
                return Long.valueOf(link.path("externalId").asString(""));
            }
        }
        return null;
    }
}
