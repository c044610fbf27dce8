package org.koppel.connector.caldav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.koppel.sync.AppointmentSlots;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.TaskSlots;

/** The iCalendar mapping without a server: a corpus of real-world shaped exports, each slot both ways. */
class CalendarObjectsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
    private final CalendarObjects events = new CalendarObjects(new VEventSlots(CLOCK), CLOCK);
    private final CalendarObjects tasks = new CalendarObjects(new VTodoSlots(CLOCK), CLOCK);

    static String corpus(String name) {
        try (InputStream in = CalendarObjectsTest.class.getResourceAsStream("/ical/" + name)) {
            if (in == null) throw new IllegalArgumentException("no corpus file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading the corpus -----------------------------------------------------------------

    @Test
    void appleSeriesReadsZoneRuleLeftOutAndEditedOccurrencesAttendeesAndTheFirstRelativeAlarm() {
        var read = events.read(corpus("apple-icloud-weekly-with-override.ics"));
        assertThat(read.slots()).containsExactlyInAnyOrderEntriesOf(Map.of(
                AppointmentSlots.SUBJECT, "Weekly sales meeting",
                AppointmentSlots.START, "2026-12-07T08:00:00Z",
                AppointmentSlots.END, "2026-12-07T09:00:00Z",
                AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.LOCATION, "Room 2.14, Keizersgracht 1",
                AppointmentSlots.REMINDER, "15",
                AppointmentSlots.RECURRENCE, "FREQ=WEEKLY", // BYDAY=MO only repeats the Monday start (RuleText)
                AppointmentSlots.EXCEPTIONS, "2026-12-28T08:00:00Z",
                AppointmentSlots.OCCURRENCE_EDITS, OccurrenceEdits.encode(List.of(new OccurrenceEdits.Edit(
                        "2026-12-14T08:00:00Z", "2026-12-14T09:30:00Z", "2026-12-14T10:30:00Z",
                        "Weekly sales meeting (moved)", "Online", null))),
                AppointmentSlots.ATTENDEES, "Anna de Vries <anna@example.nl>\nBob Jansen <bob@example.com>"));
        assertThat(read.modifiedAt()).isEqualTo(Instant.parse("2026-11-02T08:30:00Z"));
        assertThat(read.stampedCrmId()).isNull();
    }

    @Test
    void googleAllDayEventStaysMultiDayWithAnExclusiveEndAndSkipsTheEmailAlarm() {
        var read = events.read(corpus("google-all-day-multi-day.ics"));
        assertThat(read.slots()).containsExactlyInAnyOrderEntriesOf(Map.of(
                AppointmentSlots.SUBJECT, "Trade fair",
                AppointmentSlots.START, "2026-12-14",
                AppointmentSlots.END, "2026-12-17",
                AppointmentSlots.LOCATION, "Jaarbeurs, Utrecht",
                AppointmentSlots.DESCRIPTION, "Trade fair in Utrecht.\nStand 12B, hall 3.\n\nBring brochures.",
                AppointmentSlots.REMINDER, "30",
                AppointmentSlots.ATTENDEES, "work@example.com\nCarla Mulder <carla@example.org>"));
    }

    @Test
    void outlookWindowsZoneNameMapsToIanaAndPrivateClassIsPrivate() {
        var read = events.read(corpus("outlook-windows-zone-private.ics"));
        assertThat(read.slots()).containsExactlyInAnyOrderEntriesOf(Map.of(
                AppointmentSlots.SUBJECT, "Tandarts",
                AppointmentSlots.START, "2027-01-15T13:30:00Z",
                AppointmentSlots.END, "2027-01-15T14:30:00Z",
                AppointmentSlots.TIME_ZONE, "Europe/Berlin",
                AppointmentSlots.LOCATION, "Amstelveen",
                AppointmentSlots.DESCRIPTION, "Doctor's appointment",
                AppointmentSlots.REMINDER, "15",
                AppointmentSlots.PRIVATE, "true"));
    }

    @Test
    void floatingTimeIsReadAsUtcWithoutZoneAndDurationGivesTheEnd() {
        var read = events.read(corpus("floating-with-duration.ics"));
        assertThat(read.slots()).containsEntry(AppointmentSlots.START, "2026-12-10T14:00:00Z")
                .containsEntry(AppointmentSlots.END, "2026-12-10T15:30:00Z")
                .containsEntry(AppointmentSlots.PRIVATE, "true")
                .doesNotContainKey(AppointmentSlots.TIME_ZONE);
    }

    @Test
    void floatingTimeOfAGoogleExportIsReadInItsCalendarZone() {
        String ics = corpus("floating-with-duration.ics").replace("VERSION:2.0", "VERSION:2.0\nX-WR-TIMEZONE:Europe/Amsterdam");
        assertThat(events.read(ics).slots()).containsEntry(AppointmentSlots.START, "2026-12-10T13:00:00Z");
    }

    @Test
    void appleCompletedReminderReadsDueInItsZoneHighPriorityAndCompleted() {
        var read = tasks.read(corpus("apple-reminders-todo.ics"));
        assertThat(read.slots()).containsExactlyInAnyOrderEntriesOf(Map.of(
                TaskSlots.SUBJECT, "Send quote to Bakker BV",
                TaskSlots.DUE, "2026-12-01",
                TaskSlots.STATUS, TaskSlots.COMPLETED,
                TaskSlots.PRIORITY, TaskSlots.HIGH));
    }

    @Test
    void nextcloudTaskReadsDateDueLowPriorityNotesAndCategories() {
        var read = tasks.read(corpus("nextcloud-tasks-todo.ics"));
        assertThat(read.slots()).containsExactlyInAnyOrderEntriesOf(Map.of(
                TaskSlots.SUBJECT, "Renew maintenance contract",
                TaskSlots.DUE, "2026-12-20",
                TaskSlots.PRIORITY, TaskSlots.LOW,
                TaskSlots.NOTES, "Check the price index first.\nThen call Jan."));
        assertThat(read.categories()).containsExactlyInAnyOrder("Contracts", "CRM");
    }

    @Test
    void textThatIsNoCalendarIsRejectedWithAReason() {
        assertThatThrownBy(() -> events.read(corpus("rejected/vcard-not-icalendar.ics")))
                .isInstanceOf(ICalRejectedException.class);
        assertThatThrownBy(() -> events.read(corpus("rejected/unterminated.ics")))
                .isInstanceOf(ICalRejectedException.class);
    }

    @Test
    void aTaskListObjectIsNotAnEventAndTheOtherWayRound() {
        assertThatThrownBy(() -> events.read(corpus("nextcloud-tasks-todo.ics")))
                .isInstanceOf(CalendarObjects.NotThisComponent.class);
        assertThatThrownBy(() -> tasks.read(corpus("google-all-day-multi-day.ics")))
                .isInstanceOf(CalendarObjects.NotThisComponent.class);
    }

    // ---- writing ----------------------------------------------------------------------------

    @Test
    void aNewTimedEventReadsBackExactlyAsWrittenStampedWithTheCrmId() {
        var slots = Map.of(
                AppointmentSlots.SUBJECT, "Intake; Bakker, BV",
                AppointmentSlots.START, "2026-12-03T08:00:00Z",
                AppointmentSlots.END, "2026-12-03T09:15:00Z",
                AppointmentSlots.TIME_ZONE, "Europe/Amsterdam",
                AppointmentSlots.LOCATION, "Herengracht 5",
                AppointmentSlots.DESCRIPTION, "Line one\nLine two",
                AppointmentSlots.REMINDER, "10",
                AppointmentSlots.PRIVATE, "true",
                AppointmentSlots.RECURRENCE, "FREQ=WEEKLY;COUNT=4",
                AppointmentSlots.EXCEPTIONS, "2026-12-10T08:00:00Z,2026-12-17T08:00:00Z");
        String ics = events.write(null, slots, "koppel-appointment-42", 42);
        var read = events.read(ics);
        assertThat(read.slots()).isEqualTo(slots);
        assertThat(read.stampedCrmId()).isEqualTo(42);
        assertThat(ics).contains("UID:koppel-appointment-42", "X-KOPPEL-ID:42",
                "DTSTART;TZID=Europe/Amsterdam:20261203T090000", "CLASS:PRIVATE", "TZID:Europe/Amsterdam\r\n");
    }

    @Test
    void aNewAllDayEventIsWrittenAsDatesWithAnExclusiveEndAndKeepsTheZoneItWasPlannedIn() {
        var slots = Map.of(AppointmentSlots.SUBJECT, "Holiday", AppointmentSlots.START, "2026-12-24",
                AppointmentSlots.END, "2026-12-27", AppointmentSlots.RECURRENCE, "FREQ=YEARLY",
                AppointmentSlots.EXCEPTIONS, "2027-12-24", AppointmentSlots.TIME_ZONE, "Europe/Amsterdam");
        String ics = events.write(null, slots, "koppel-appointment-7", 7);
        assertThat(ics).contains("DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261227", "EXDATE;VALUE=DATE:20271224",
                "X-KOPPEL-TIMEZONE:Europe/Amsterdam");
        assertThat(events.read(ics).slots()).isEqualTo(slots);
    }

    @Test
    void changingTheSubjectOfASeriesKeepsOverrideExdateAlarmsAndUnknownPropertiesUntouched() {
        String original = corpus("apple-icloud-weekly-with-override.ics");
        var before = events.read(original).slots();
        var wanted = new HashMap<>(before);
        wanted.put(AppointmentSlots.SUBJECT, "Weekly sales & planning");
        String updated = events.write(original, wanted, "ignored", 9);

        var after = events.read(updated).slots();
        assertThat(after).isEqualTo(wanted);
        assertThat(unfold(updated)).contains("X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
                // Quotes of a parameter value without ; : , are optional (RFC 5545 §3.2): ical4j drops them.
                "X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-ADDRESS=\"Keizersgracht 1, Amsterdam\";X-TITLE=Room 2.14:geo:52.37,4.89",
                "EXDATE;TZID=Europe/Amsterdam:20261228T090000", "RECURRENCE-ID;TZID=Europe/Amsterdam:20261214T090000",
                "SUMMARY:Weekly sales meeting (moved)", "TRIGGER;VALUE=DATE-TIME:20261207T070000Z", "ATTACH;VALUE=URI:Chord",
                "X-WR-ALARMUID:1C2D3E4F-5A6B-7C8D-9E0F-1A2B3C4D5E6F", "TZNAME:CEST", "X-KOPPEL-ID:9",
                "UID:8F1A7C2E-3B4D-4E5F-9A6B-7C8D9E0F1A2B", "ORGANIZER;CN=Anna de Vries:mailto:anna@example.nl");
    }

    @Test
    void writingAReminderReplacesOnlyTheFirstRelativeAlarmAndRemovingItKeepsTheOthers() {
        String original = corpus("apple-icloud-weekly-with-override.ics");
        var wanted = new HashMap<>(events.read(original).slots());
        wanted.put(AppointmentSlots.REMINDER, "30");
        String changed = events.write(original, wanted, "u", 1);
        assertThat(events.read(changed).slots()).containsEntry(AppointmentSlots.REMINDER, "30");
        assertThat(changed).contains("TRIGGER:-PT30M", "ATTACH;VALUE=URI:Chord", "DESCRIPTION:Absolute alarm")
                .doesNotContain("TRIGGER:-PT15M");

        wanted.remove(AppointmentSlots.REMINDER);
        String removed = events.write(changed, wanted, "u", 1);
        assertThat(events.read(removed).slots()).doesNotContainKey(AppointmentSlots.REMINDER);
        assertThat(removed).contains("DESCRIPTION:Absolute alarm").doesNotContain("ATTACH;VALUE=URI:Chord");
    }

    @Test
    void privateWritesClassPrivateAndNotPrivateRemovesClass() {
        String outlook = corpus("outlook-windows-zone-private.ics");
        var wanted = new HashMap<>(events.read(outlook).slots());
        wanted.remove(AppointmentSlots.PRIVATE);
        String open = events.write(outlook, wanted, "u", 1);
        assertThat(open).doesNotContain("CLASS:");
        assertThat(open).contains("X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "TZID:W. Europe Standard Time");

        wanted.put(AppointmentSlots.PRIVATE, "true");
        assertThat(events.write(open, wanted, "u", 1)).contains("CLASS:PRIVATE");
    }

    @Test
    void anUnchangedStartKeepsAWindowsZoneAsItWasAndAMovedOneIsWrittenInTheIanaZone() {
        String outlook = corpus("outlook-windows-zone-private.ics");
        var wanted = new HashMap<>(events.read(outlook).slots());
        wanted.put(AppointmentSlots.SUBJECT, "Dentist");
        // The parameter's quotes are optional (RFC 5545 §3.2): ical4j writes them only where needed.
        assertThat(unfold(events.write(outlook, wanted, "u", 1)))
                .containsPattern("DTSTART;TZID=\"?W\\. Europe Standard Time\"?:20270115T143000");
        wanted.put(AppointmentSlots.START, "2027-01-15T14:00:00Z");
        wanted.put(AppointmentSlots.END, "2027-01-15T15:00:00Z");
        String moved = events.write(outlook, wanted, "u", 1);
        assertThat(moved).contains("DTSTART;TZID=Europe/Berlin:20270115T150000", "DTEND;TZID=Europe/Berlin:20270115T160000");
        assertThat(events.read(moved).slots()).isEqualTo(wanted);
    }

    @Test
    void writingTheEditedOccurrencesSlotRewritesTheOverrides() {
        String original = corpus("apple-icloud-weekly-with-override.ics");
        var wanted = new HashMap<>(events.read(original).slots());
        String edits = OccurrenceEdits.encode(List.of(
                new OccurrenceEdits.Edit("2026-12-14T08:00:00Z", "2026-12-14T12:00:00Z", "2026-12-14T13:00:00Z",
                        "Moved to the afternoon", null, "Bring the figures"),
                new OccurrenceEdits.Edit("2026-12-21T08:00:00Z", "2026-12-21T08:00:00Z", "2026-12-21T09:00:00Z",
                        "Christmas edition", "Canteen", null)));
        wanted.put(AppointmentSlots.OCCURRENCE_EDITS, edits);
        String updated = events.write(original, wanted, "u", 1);
        assertThat(events.read(updated).slots()).isEqualTo(wanted);
        assertThat(updated).doesNotContain("Weekly sales meeting (moved)")
                .contains("RECURRENCE-ID;TZID=Europe/Amsterdam:20261221T090000");
    }

    @Test
    void taskCompletionPriorityDueAndNotesAreWrittenAsRfc5545Says() {
        String nextcloud = corpus("nextcloud-tasks-todo.ics");
        var wanted = new HashMap<>(tasks.read(nextcloud).slots());
        wanted.put(TaskSlots.STATUS, TaskSlots.COMPLETED);
        wanted.put(TaskSlots.PRIORITY, TaskSlots.HIGH);
        wanted.put(TaskSlots.DUE, "2026-12-22");
        wanted.put(TaskSlots.NOTES, "Done, see mail");
        String done = tasks.write(nextcloud, wanted, "u", 3);
        assertThat(done).contains("STATUS:COMPLETED", "COMPLETED:20261203T080000Z", "PRIORITY:1", "DUE;VALUE=DATE:20261222",
                "DESCRIPTION:Done\\, see mail", "RELATED-TO;RELTYPE=PARENT:b4e0d2f3-88e5-4c9f-a021-3d4e5f6a7b8c",
                "X-OC-HIDESUBTASKS:0", "CATEGORIES:Contracts,CRM");
        assertThat(tasks.read(done).slots()).isEqualTo(wanted);

        wanted.remove(TaskSlots.STATUS);
        wanted.put(TaskSlots.PRIORITY, TaskSlots.LOW);
        String reopened = tasks.write(done, wanted, "u", 3);
        assertThat(reopened).contains("STATUS:NEEDS-ACTION", "PRIORITY:9").doesNotContain("COMPLETED:");
        wanted.remove(TaskSlots.PRIORITY);
        String normal = tasks.write(reopened, wanted, "u", 3);
        assertThat(normal).doesNotContain("PRIORITY");
        assertThat(tasks.read(normal).slots()).isEqualTo(wanted);
    }

    @Test
    void aNewTaskReadsBackAsWritten() {
        var slots = Map.of(TaskSlots.SUBJECT, "Call Jan", TaskSlots.DUE, "2026-12-05", TaskSlots.PRIORITY, TaskSlots.LOW,
                TaskSlots.NOTES, "About the offer");
        String ics = tasks.write(null, slots, "koppel-task-5", 5);
        assertThat(ics).contains("BEGIN:VTODO", "UID:koppel-task-5", "X-KOPPEL-ID:5");
        assertThat(tasks.read(ics).slots()).isEqualTo(slots);
        assertThat(tasks.read(ics).stampedCrmId()).isEqualTo(5);
    }

    @Test
    void priorityFiveZeroOrNoneIsNormal() {
        String nextcloud = corpus("nextcloud-tasks-todo.ics");
        assertThat(tasks.read(nextcloud.replace("PRIORITY:9", "PRIORITY:5")).slots()).doesNotContainKey(TaskSlots.PRIORITY);
        assertThat(tasks.read(nextcloud.replace("PRIORITY:9", "PRIORITY:0")).slots()).doesNotContainKey(TaskSlots.PRIORITY);
        assertThat(tasks.read(nextcloud.replace("PRIORITY:9", "PRIORITY:4")).slots()).containsEntry(TaskSlots.PRIORITY, TaskSlots.HIGH);
        assertThat(tasks.read(nextcloud.replace("PRIORITY:9", "PRIORITY:6")).slots()).containsEntry(TaskSlots.PRIORITY, TaskSlots.LOW);
    }

    @Test
    void textWithLineBreaksCommasAndSemicolonsReadsBackAsWritten() {
        var slots = Map.of(AppointmentSlots.SUBJECT, "A; B, C \\ D", AppointmentSlots.START, "2026-12-03",
                AppointmentSlots.END, "2026-12-04", AppointmentSlots.DESCRIPTION, "First\nSecond\n\nThird",
                AppointmentSlots.LOCATION, "Ünïcødé straße 1");
        assertThat(events.read(events.write(null, slots, "u", 1)).slots()).isEqualTo(slots);
    }

    @Test
    void aCarriageReturnLineBreakComesBackAsALineFeedAsICalendarHasOnlyThat() {
        // RFC 5545 §3.3.11: a line break in TEXT is "\n"; the slot's line breaks are LF (as OccurrenceEdits').
        var slots = Map.of(AppointmentSlots.START, "2026-12-03", AppointmentSlots.END, "2026-12-04",
                AppointmentSlots.DESCRIPTION, "First\r\nSecond");
        assertThat(events.read(events.write(null, slots, "u", 1)).slots())
                .containsEntry(AppointmentSlots.DESCRIPTION, "First\nSecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {"apple-icloud-weekly-with-override.ics", "google-all-day-multi-day.ics",
            "outlook-windows-zone-private.ics", "floating-with-duration.ics"})
    void anEventWrittenWithItsOwnValuesReadsTheSameAndKeepsEveryProperty(String file) {
        String original = corpus(file);
        var slots = events.read(original).slots();
        String written = events.write(original, slots, "u", 77);
        assertThat(events.read(written).slots()).isEqualTo(slots);
        // Same properties and components, plus the stamp (and LAST-MODIFIED where there was none).
        assertThat(names(written)).containsAll(names(original)).contains("X-KOPPEL-ID", "LAST-MODIFIED");
        assertThat(unfold(written).split("\r?\n")).hasSizeBetween(lines(original), lines(original) + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"apple-reminders-todo.ics", "nextcloud-tasks-todo.ics"})
    void aTaskWrittenWithItsOwnValuesReadsTheSame(String file) {
        String original = corpus(file);
        var slots = tasks.read(original).slots();
        String written = tasks.write(original, slots, "u", 78);
        assertThat(tasks.read(written).slots()).isEqualTo(slots);
        assertThat(names(written)).containsAll(names(original));
    }

    private static java.util.Set<String> names(String ics) {
        var names = new java.util.TreeSet<String>();
        for (String line : unfold(ics).split("\r?\n")) {
            if (!line.isBlank()) names.add(line.split("[;:]", 2)[0]);
        }
        return names;
    }

    private static int lines(String ics) {
        return unfold(ics).split("\r?\n").length;
    }

    private static String unfold(String ics) {
        return ics.replace("\r\n ", "").replace("\n ", "");
    }
}
