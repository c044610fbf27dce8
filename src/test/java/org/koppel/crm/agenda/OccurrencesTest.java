package org.koppel.crm.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class OccurrencesTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    @Test
    void aWeeklySeriesKeepsItsLocalTimeAcrossTheOctoberDstChange() {
        // Tuesday 13 October 2026, 09:00-10:00 CEST; clocks go back on Sunday 25 October.
        var series = timed("2026-10-13T09:00", 60, "FREQ=WEEKLY", List.of());

        List<Occurrences.Occurrence> found = Occurrences.within(series, instant("2026-10-12T00:00"), instant("2026-11-09T00:00"));

        assertThat(found).extracting(o -> o.start().atZone(AMSTERDAM).toLocalDateTime()).containsExactly(
                LocalDateTime.parse("2026-10-13T09:00"), LocalDateTime.parse("2026-10-20T09:00"),
                LocalDateTime.parse("2026-10-27T09:00"), LocalDateTime.parse("2026-11-03T09:00"));
        assertThat(found.get(2).start()).isEqualTo(Instant.parse("2026-10-27T08:00:00Z"));
        assertThat(found).allSatisfy(o -> assertThat(o.end()).isEqualTo(o.start().plusSeconds(3600)));
    }

    @Test
    void aDailyOccurrenceInTheSpringGapMovesAnHourOnAsRfc5545Says() {
        // 02:30 does not exist on Sunday 28 March 2027 in Amsterdam: that one is at 03:30, the next at 02:30 again.
        var series = timed("2027-03-27T02:30", 30, "FREQ=DAILY;COUNT=3", List.of());

        assertThat(Occurrences.within(series, instant("2027-03-27T00:00"), instant("2027-04-01T00:00")))
                .extracting(o -> o.start().atZone(AMSTERDAM).toLocalDateTime()).containsExactly(
                        LocalDateTime.parse("2027-03-27T02:30"), LocalDateTime.parse("2027-03-28T03:30"),
                        LocalDateTime.parse("2027-03-29T02:30"));
    }

    @Test
    void countGivesThatManyOccurrences() {
        var series = timed("2026-12-07T09:00", 30, "FREQ=DAILY;COUNT=3", List.of());

        assertThat(Occurrences.within(series, instant("2026-01-01T00:00"), instant("2028-01-01T00:00")))
                .extracting(o -> o.start().atZone(AMSTERDAM).toLocalDate())
                .containsExactly(LocalDate.parse("2026-12-07"), LocalDate.parse("2026-12-08"), LocalDate.parse("2026-12-09"));
    }

    @Test
    void untilIsTheLastPossibleStart() {
        // UNTIL 14 December 08:00Z is 09:00 Amsterdam: that occurrence is the last.
        var series = timed("2026-12-07T09:00", 30, "FREQ=WEEKLY;UNTIL=20261214T080000Z", List.of());

        assertThat(Occurrences.within(series, instant("2026-12-01T00:00"), instant("2027-06-01T00:00")))
                .extracting(Occurrences.Occurrence::start)
                .containsExactly(Instant.parse("2026-12-07T08:00:00Z"), Instant.parse("2026-12-14T08:00:00Z"));
    }

    @Test
    void aLeftOutOccurrenceIsNotGiven() {
        var series = timed("2026-12-07T09:00", 30, "FREQ=WEEKLY;COUNT=3", List.of(Instant.parse("2026-12-14T08:00:00Z")));

        assertThat(Occurrences.within(series, instant("2026-12-01T00:00"), instant("2027-06-01T00:00")))
                .extracting(Occurrences.Occurrence::start)
                .containsExactly(Instant.parse("2026-12-07T08:00:00Z"), Instant.parse("2026-12-21T08:00:00Z"));
    }

    @Test
    void theLastFridayOfEachMonth() {
        var series = timed("2026-10-30T15:00", 60, "FREQ=MONTHLY;BYDAY=-1FR", List.of());

        assertThat(Occurrences.within(series, instant("2026-10-01T00:00"), instant("2027-02-01T00:00")))
                .extracting(o -> o.start().atZone(AMSTERDAM).toLocalDateTime())
                .containsExactly(LocalDateTime.parse("2026-10-30T15:00"), LocalDateTime.parse("2026-11-27T15:00"),
                        LocalDateTime.parse("2026-12-25T15:00"), LocalDateTime.parse("2027-01-29T15:00"));
    }

    @Test
    void aYearlyAllDaySeriesGivesDatesAndLeavesOutItsExceptionDates() {
        var series = allDay("2026-12-24", "2026-12-26", "FREQ=YEARLY", List.of(LocalDate.parse("2027-12-24")));

        List<Occurrences.Occurrence> found = Occurrences.within(series, instant("2027-01-01T00:00"), instant("2030-01-01T00:00"));

        assertThat(found).extracting(Occurrences.Occurrence::startDate).containsExactly(
                LocalDate.parse("2028-12-24"), LocalDate.parse("2029-12-24"));
        assertThat(found.getFirst().endDate()).isEqualTo(LocalDate.parse("2028-12-26"));
        assertThat(found.getFirst().start()).isEqualTo(instant("2028-12-24T00:00"));
    }

    @Test
    void anOccurrenceUnderWayAtTheWindowStartIsInsideOneEndingAtItOutside() {
        var series = timed("2026-12-07T23:00", 120, "FREQ=DAILY;COUNT=2", List.of());

        assertThat(Occurrences.within(series, instant("2026-12-08T00:00"), instant("2026-12-08T01:00")))
                .extracting(Occurrences.Occurrence::start).containsExactly(instant("2026-12-07T23:00"));
        assertThat(Occurrences.within(series, instant("2026-12-09T01:00"), instant("2026-12-10T00:00"))).isEmpty();
    }

    @Test
    void aDailySeriesOverAHugeWindowIsCutOffAtTheCap() {
        var series = timed("1900-01-01T09:00", 30, "FREQ=DAILY", List.of());

        List<Occurrences.Occurrence> found = Occurrences.within(series, instant("1900-01-01T00:00"), instant("2200-01-01T00:00"));

        assertThat(found).hasSize(Occurrences.MOST);
        assertThat(found.getLast().start().atZone(AMSTERDAM).toLocalDate())
                .isEqualTo(LocalDate.parse("1900-01-01").plusDays(Occurrences.MOST - 1));
    }

    @Test
    void aSingleAppointmentGivesItselfWhenItOverlaps() {
        var single = timed("2026-12-07T09:00", 30, null, List.of());

        assertThat(Occurrences.within(single, instant("2026-12-07T00:00"), instant("2026-12-08T00:00"))).hasSize(1);
        assertThat(Occurrences.within(single, instant("2026-12-08T00:00"), instant("2026-12-09T00:00"))).isEmpty();
    }

    @Test
    void aCountedSeriesEndsWithItsLastOccurrenceNotLeftOut() {
        var series = timed("2026-12-07T09:00", 30, "FREQ=WEEKLY;COUNT=3", List.of(Instant.parse("2026-12-21T08:00:00Z")));

        assertThat(Occurrences.countedEnd(series, 3)).isEqualTo(Instant.parse("2026-12-14T08:30:00Z"));
    }

    @Test
    void aCountedAllDaySeriesEndsAtMidnightAfterItsLastDay() {
        var series = allDay("2026-12-01", "2026-12-02", "FREQ=WEEKLY;COUNT=2", List.of());

        assertThat(Occurrences.countedEnd(series, 2)).isEqualTo(instant("2026-12-09T00:00"));
    }

    @Test
    void aCountedSeriesReachingBeyondAThousandYearsStaysOpen() {
        var series = timed("2026-12-07T09:00", 30, "FREQ=YEARLY;INTERVAL=999;COUNT=3", List.of());

        assertThat(Occurrences.countedEnd(series, 3)).isNull();
    }

    @Test
    void anEditedOccurrenceTakesPlaceAtItsOwnTimeWithItsOwnSubjectAndTheOthersStayAsTheSeriesSays() {
        var series = timed("2026-12-01T09:00", 30, "FREQ=WEEKLY;COUNT=3", List.of());
        Instant second = instant("2026-12-08T09:00");
        var edited = series.withOccurrenceEdits(List.of(new OccurrenceEdit(second.toString(),
                instant("2026-12-09T14:00").toString(), null, "Moved stand-up", "Room 2", null)));

        var found = Occurrences.within(edited, instant("2026-11-30T00:00"), instant("2026-12-31T00:00")).stream()
                .map(o -> o.of(edited)).toList();

        assertThat(found).extracting(a -> a.start().atZone(AMSTERDAM).toLocalDateTime(), Appointment::subject,
                Appointment::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDateTime.parse("2026-12-01T09:00"), "Stand-up", null),
                org.assertj.core.groups.Tuple.tuple(LocalDateTime.parse("2026-12-09T14:00"), "Moved stand-up", "Room 2"),
                org.assertj.core.groups.Tuple.tuple(LocalDateTime.parse("2026-12-15T09:00"), "Stand-up", null));
        assertThat(found.get(1).end()).as("keeps the series' length").isEqualTo(instant("2026-12-09T14:30"));
    }

    private static Instant instant(String localAmsterdam) {
        return LocalDateTime.parse(localAmsterdam).atZone(AMSTERDAM).toInstant();
    }

    static Appointment timed(String localStart, int minutes, String rule, List<Instant> exceptions) {
        Instant start = instant(localStart);
        return new Appointment(1L, 1L, "Stand-up", false, start, start.plusSeconds(minutes * 60L), null, null,
                AMSTERDAM.getId(), null, null, null, Visibility.EVERYONE, 1L, List.of(), rule, exceptions, List.of(), List.of(),
                null, null, null);
    }

    static Appointment allDay(String first, String endExclusive, String rule, List<LocalDate> exceptionDates) {
        return new Appointment(1L, 1L, "Holiday", true, null, null, LocalDate.parse(first), LocalDate.parse(endExclusive),
                AMSTERDAM.getId(), null, null, null, Visibility.EVERYONE, 1L, List.of(), rule, List.of(), exceptionDates, List.of(),
                null, null, null);
    }
}
