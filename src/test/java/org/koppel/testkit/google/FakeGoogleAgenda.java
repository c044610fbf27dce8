package org.koppel.testkit.google;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ObjectNode;

/**
 * The user in Google Calendar and Google Tasks, for tests: what they do there without Koppel, and what the two
 * hold. Writes go through the same stores as the API, so they change etags and come in the next sync.
 */
public final class FakeGoogleAgenda {

    private static final DateTimeFormatter INSTANCE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final FakeGoogle google;

    FakeGoogleAgenda(FakeGoogle google) {
        this.google = google;
    }

    // ---- Google Calendar ------------------------------------------------------------------------

    /**
     * The user adds an event to their primary calendar; {@code eventJson} holds Event fields, and an
     * {@code organizer} other than the user makes it an invitation they received. Returns its id.
     */
    public String userCreatesEvent(String user, String eventJson) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            var given = GoogleResponse.JSON.readTree(eventJson);
            ObjectNode fields = FakeCalendar.writable(given);
            if (given.has("organizer")) fields.set("organizer", given.get("organizer").deepCopy());
            return c.put(c.newId(), fields, google.now()).id;
        }
    }

    /** The user edits an event: the fields of {@code eventJson} replace the event's. */
    public void userEditsEvent(String user, String id, String eventJson) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            FakeCalendar.Event e = c.get(id);
            if (e == null) throw new IllegalArgumentException("no event " + id);
            ObjectNode fields = e.fields.deepCopy();
            FakeCalendar.writable(GoogleResponse.JSON.readTree(eventJson)).properties().forEach(f -> fields.set(f.getKey(), f.getValue()));
            c.put(id, fields, google.now());
        }
    }

    public void userDeletesEvent(String user, String id) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            FakeCalendar.Event e = c.get(id);
            if (e == null || e.cancelled()) throw new IllegalArgumentException("no event " + id);
            c.cancel(e, google.now());
        }
    }

    /**
     * The user deletes one occurrence of a timed series ("delete this event" only): a cancelled event with the
     * occurrence's id, {@code recurringEventId} and {@code originalStartTime}, as the Events resource describes.
     */
    public String userCancelsOccurrence(String user, String seriesId, Instant originalStart) {
        return occurrence(user, seriesId, originalStart, "{\"status\": \"cancelled\"}");
    }

    /** The user edits one occurrence of a timed series: its own event, the fields of {@code eventJson} replacing the series'. */
    public String userEditsOccurrence(String user, String seriesId, Instant originalStart, String eventJson) {
        return occurrence(user, seriesId, originalStart, eventJson);
    }

    private String occurrence(String user, String seriesId, Instant originalStart, String eventJson) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            FakeCalendar.Event master = c.get(seriesId);
            if (master == null) throw new IllegalArgumentException("no series " + seriesId);
            String id = seriesId + "_" + INSTANCE_TIME.format(originalStart);
            ObjectNode fields = master.fields.deepCopy();
            fields.remove("recurrence");
            fields.put("recurringEventId", seriesId);
            String zone = master.fields.path("start").path("timeZone").asString("UTC");
            java.time.Duration length = java.time.Duration.between(CalendarRoutes.when(master.fields.path("start")),
                    CalendarRoutes.when(master.fields.path("end")));
            fields.putObject("originalStartTime").put("dateTime", originalStart.toString()).put("timeZone", zone);
            fields.putObject("start").put("dateTime", originalStart.toString()).put("timeZone", zone);
            fields.putObject("end").put("dateTime", originalStart.plus(length).toString()).put("timeZone", zone);
            GoogleResponse.JSON.readTree(eventJson).properties().forEach(f -> fields.set(f.getKey(), f.getValue().deepCopy()));
            c.put(id, fields, google.now());
            return id;
        }
    }

    /** The event as the API shows it (a deleted one with status "cancelled"); empty when unknown. */
    public Optional<ObjectNode> event(String user, String id) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            FakeCalendar.Event e = c.get(id);
            return e == null ? Optional.empty() : Optional.of(FakeCalendar.representation(e, user));
        }
    }

    /** Every event not deleted, occurrences changed on their own included. */
    public List<ObjectNode> events(String user) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            return c.all().stream().filter(e -> !e.cancelled()).map(e -> FakeCalendar.representation(e, user)).toList();
        }
    }

    /** Every calendar sync token of the user issued so far is expired: the next list with one is 410 fullSyncRequired. */
    public void expireCalendarSyncTokens(String user) {
        FakeCalendar c = google.calendar(user);
        synchronized (c) {
            c.expiredBefore = c.sequence() + 1;
        }
    }

    // ---- Google Tasks ---------------------------------------------------------------------------

    /** The user adds a task to their default list; {@code taskJson} holds Task fields. Returns its id. */
    public String userCreatesTask(String user, String taskJson) {
        TasksRoutes.TaskList list = google.taskList(user);
        synchronized (list) {
            var r = new PeopleRoutes.Request("POST", List.of("lists", "@default", "tasks"), java.util.Map.of(),
                    GoogleResponse.JSON.readTree(taskJson), user, java.util.Set.of(TasksRoutes.TASKS));
            GoogleResponse answer = new TasksRoutes().handle(r, list, null, google.now());
            if (answer.status() != 200) throw new IllegalArgumentException("refused: " + answer.body());
            return answer.body().path("id").asString();
        }
    }

    /** The user edits a task: the fields of {@code taskJson} replace the task's. */
    public void userEditsTask(String user, String id, String taskJson) {
        TasksRoutes.TaskList list = google.taskList(user);
        synchronized (list) {
            var r = new PeopleRoutes.Request("PATCH", List.of("lists", "@default", "tasks", id), java.util.Map.of(),
                    GoogleResponse.JSON.readTree(taskJson), user, java.util.Set.of(TasksRoutes.TASKS));
            GoogleResponse answer = new TasksRoutes().handle(r, list, null, google.now());
            if (answer.status() != 200) throw new IllegalArgumentException("refused: " + answer.body());
        }
    }

    /**
     * The user ticks a task off in Google Tasks: completed, and hidden, as first-party clients leave it ("showHidden
     * must also be True to show tasks completed in first party clients", tasks.list).
     */
    public void userCompletesTask(String user, String id) {
        userEditsTask(user, id, "{\"status\": \"completed\", \"hidden\": true}");
    }

    public void userDeletesTask(String user, String id) {
        userEditsTask(user, id, "{\"deleted\": true}");
    }

    /** The task as the API shows it (a deleted one with {@code deleted: true}); empty when unknown. */
    public Optional<ObjectNode> task(String user, String id) {
        TasksRoutes.TaskList list = google.taskList(user);
        synchronized (list) {
            TasksRoutes.Task t = list.tasks.get(id);
            return t == null ? Optional.empty() : Optional.of(TasksRoutes.representation(t));
        }
    }

    /** Every task not deleted, completed and hidden ones included. */
    public List<ObjectNode> tasks(String user) {
        TasksRoutes.TaskList list = google.taskList(user);
        synchronized (list) {
            return list.tasks.values().stream().filter(t -> !t.flag("deleted")).map(TasksRoutes::representation).toList();
        }
    }
}
