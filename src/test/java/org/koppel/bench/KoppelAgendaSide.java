package org.koppel.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.koppel.bench.BenchRuns.Measured;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.Radicale;
import org.springframework.context.ApplicationContext;

/**
 * Koppel's half of the agenda-sync benchmark: one employee's appointments and tasks
 * ({@link KoppelAgenda}), a CardDAV connection (contacts off) to a fresh Radicale calendar and task
 * list, and timed sync runs, each checked for what it should have done per data type and for the
 * values that arrived. The server-side edits are made as a phone makes them: GET, change SUMMARY, PUT
 * with If-Match.
 */
final class KoppelAgendaSide {

    private final SyncRunner runner;
    private final Radicale radicale;
    private final KoppelAgenda agenda;
    private final DavCollectionClient calendar;
    private final DavCollectionClient taskList;
    private final long connection;

    KoppelAgendaSide(ApplicationContext context, Radicale radicale, int appointments, int tasks) {
        this.runner = context.getBean(SyncRunner.class);
        this.radicale = radicale;
        this.agenda = new KoppelAgenda(context, "planner", "Pim de Planner", appointments, tasks);
        URI book = radicale.createAddressBook(Radicale.ALICE, "koppel", "Koppel");
        URI calendarUrl = radicale.createCalendar(Radicale.ALICE, "koppel-calendar", "Koppel", "VEVENT");
        URI taskListUrl = radicale.createCalendar(Radicale.ALICE, "koppel-tasks", "Koppel tasks", "VTODO");
        var credentials = new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE));
        this.calendar = DavCollectionClient.open(DavCollectionKind.CALENDAR, calendarUrl, credentials, Loopback.davSettings());
        this.taskList = DavCollectionClient.open(DavCollectionKind.CALENDAR, taskListUrl, credentials, Loopback.davSettings());
        // Contacts off: the employee manages no persons, and the figures are the agenda's alone.
        this.connection = context.getBean(Connections.class).create("carddav", "Bench phone", Map.of("url", book.toString(),
                "username", Radicale.ALICE, "calendar", calendarUrl.getPath(), "taskList", taskListUrl.getPath(),
                "contacts.direction", "OFF", "appointments.direction", "BOTH", "tasks.direction", "BOTH"),
                radicale.password(Radicale.ALICE), agenda.owner()).id();
    }

    Measured initialSync() {
        Measured m = sync("initial sync");
        BenchRuns.requireCreated(m.report(), DataType.APPOINTMENTS, agenda.appointmentIds().size(), "the initial sync");
        BenchRuns.requireCreated(m.report(), DataType.TASKS, agenda.taskIds().size(), "the initial sync");
        requireObjects();
        return m;
    }

    Measured noOp() {
        Measured m = sync("no-op re-sync");
        BenchRuns.requireNothingDone(m.report(), "the no-op re-sync");
        return m;
    }

    /** 1% of the appointments (weekly series, each with an edited occurrence) and of the tasks renamed in Koppel. */
    Measured editInKoppel() {
        List<Long> appointments = KoppelAgenda.pick(agenda.appointmentIds(), 0);
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), 0);
        agenda.renameAppointments(appointments, "Koppel ");
        agenda.renameTasks(tasks, "Koppel ");
        Measured m = sync("re-sync after 1% edits in Koppel");
        BenchRuns.requireSynced(m.report(), DataType.APPOINTMENTS, appointments.size(), "the re-sync");
        BenchRuns.requireSynced(m.report(), DataType.TASKS, tasks.size(), "the re-sync");
        requireArrived(calendar, "appointment", appointments);
        requireArrived(taskList, "task", tasks);
        requireObjects();
        return m;
    }

    /** 1% of the objects (single timed appointments, tasks) renamed on the server as a phone would. */
    Measured editOnServer() {
        // From position 50 (or the middle of a smaller agenda): 50 % 20 is a single timed appointment.
        List<Long> appointments = KoppelAgenda.pick(agenda.appointmentIds(), Math.min(50, agenda.appointmentIds().size() / 2));
        List<Long> tasks = KoppelAgenda.pick(agenda.taskIds(), Math.min(50, agenda.taskIds().size() / 2));
        phoneRenames(calendar, "appointment", appointments);
        phoneRenames(taskList, "task", tasks);
        Measured m = sync("re-sync after 1% edits on the server");
        BenchRuns.requireSynced(m.report(), DataType.APPOINTMENTS, appointments.size(), "the re-sync");
        BenchRuns.requireSynced(m.report(), DataType.TASKS, tasks.size(), "the re-sync");
        for (long id : appointments) requireSubject("appointment", id, agenda.appointmentSubject(id));
        for (long id : tasks) requireSubject("task", id, agenda.taskSubject(id));
        requireObjects();
        return m;
    }

    /** Koppel's calendar objects by href, then its tasks: what vdirsyncer gets to sync too. Not timed. */
    Map<String, String> exportAppointments() {
        return VdirsyncerSide.objects(calendar);
    }

    Map<String, String> exportTasks() {
        return VdirsyncerSide.objects(taskList);
    }

    private void phoneRenames(DavCollectionClient phone, String kind, List<Long> ids) {
        for (long id : ids) {
            String href = phone.hrefForUid("koppel-" + kind + "-" + id);
            DavResource object = phone.get(href).orElseThrow(() -> new IllegalStateException("no " + href));
            String crlf = object.data().replace("\r\n", "\n").replace("\n", "\r\n");
            phone.update(href, object.etag(), VdirsyncerSide.withSummary(crlf, "Telefoon " + id));
        }
    }

    private void requireArrived(DavCollectionClient phone, String kind, List<Long> ids) {
        var hrefs = ids.stream().map(id -> phone.hrefForUid("koppel-" + kind + "-" + id)).toList();
        Map<String, DavResource> found = phone.multiget(hrefs).found();
        for (long id : ids) {
            DavResource object = found.get(phone.hrefForUid("koppel-" + kind + "-" + id));
            if (object == null || !VdirsyncerSide.SUMMARY.shows(object.data(), "Koppel " + id)) {
                throw new IllegalStateException("the edit of " + kind + " " + id + " did not reach the server: " + object);
            }
        }
    }

    private static void requireSubject(String kind, long id, String subject) {
        if (!subject.equals("Telefoon " + id)) {
            throw new IllegalStateException("the server edit of " + kind + " " + id + " did not reach Koppel: " + subject);
        }
    }

    private Measured sync(String what) {
        return BenchRuns.radicale(runner, radicale, connection, what);
    }

    private void requireObjects() {
        int events = calendar.listEtags().size();
        int todos = taskList.listEtags().size();
        if (events != agenda.appointmentIds().size() || todos != agenda.taskIds().size()) {
            throw new IllegalStateException("the server holds " + events + " appointments and " + todos + " tasks, not "
                    + agenda.appointmentIds().size() + " and " + agenda.taskIds().size());
        }
    }
}
