package org.koppel.crm.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** What holds for any daily or weekly timed series in a zone with DST, wherever the window lies. */
class OccurrencesPropertiesTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    /** The sample jqwik found (seed -6810087507608670292): a weekly series typed at 02:30 on the spring-forward day. */
    @net.jqwik.api.Example
    void aSeriesStartingInTheSpringForwardGapGoesOnWhereItsStoredStartReads() {
        occurrencesAreTheLocalStartSteppedByDaysInTheZoneAndOverlapTheWindow(87, 2, 1, true, 1, 87, 8);
    }

    /**
     * Found by CI: a daily series begun in winter at 02:30 reaches 25 October, when 02:30 happens twice;
     * RFC 5545 3.3.5 takes the first (summer time), not the winter offset the series started with.
     */
    @net.jqwik.api.Example
    void aWinterSeriesOnTheDayClocksGoBackTakesTheFirstOfTheTwiceOccurringHour() {
        occurrencesAreTheLocalStartSteppedByDaysInTheZoneAndOverlapTheWindow(0, 2, 30, false, 1, 295, 5);
    }

    @Property(tries = 500)
    void occurrencesAreTheLocalStartSteppedByDaysInTheZoneAndOverlapTheWindow(
            @ForAll @IntRange(min = 0, max = 730) int startDay, @ForAll @IntRange(min = 0, max = 23) int hour,
            @ForAll @IntRange(min = 1, max = 600) int minutes, @ForAll boolean weekly,
            @ForAll @IntRange(min = 1, max = 5) int interval, @ForAll @IntRange(min = -30, max = 800) int windowDay,
            @ForAll @IntRange(min = 1, max = 90) int windowDays) {
        Instant start = LocalDateTime.of(2026, 1, 1, hour, 30).plusDays(startDay).atZone(ZONE).toInstant();
        // The series starts where the stored instant reads: a start typed into the spring-forward gap
        // (02:30 on 29 March) is stored as 03:30, and the series goes on at 03:30 (found by the seed below).
        LocalDateTime localStart = LocalDateTime.ofInstant(start, ZONE);
        var series = new Appointment(1L, 1L, "Series", false, start, start.plusSeconds(minutes * 60L), null, null,
                ZONE.getId(), null, null, null, Visibility.EVERYONE, 1L, List.of(),
                (weekly ? "FREQ=WEEKLY" : "FREQ=DAILY") + ";INTERVAL=" + interval, List.of(), List.of(), List.of(), null, null, null);
        Instant from = LocalDateTime.of(2026, 1, 1, 0, 0).plusDays(windowDay).atZone(ZONE).toInstant();
        Instant to = from.plusSeconds(windowDays * 86_400L);

        List<Occurrences.Occurrence> found = Occurrences.within(series, from, to);

        // expected: the local start stepped by whole days in the zone (a gap hour moved on as java.time does)
        int step = weekly ? 7 * interval : interval;
        var expected = new java.util.ArrayList<Instant>();
        for (LocalDateTime at = localStart; at.atZone(ZONE).toInstant().isBefore(to); at = at.plusDays(step)) {
            Instant atInstant = at.atZone(ZONE).toInstant();
            if (atInstant.plusSeconds(minutes * 60L).isAfter(from)) expected.add(atInstant);
        }
        assertThat(found).extracting(Occurrences.Occurrence::start).containsExactlyElementsOf(expected);
        assertThat(found).allSatisfy(o -> assertThat(o.end()).isEqualTo(o.start().plusSeconds(minutes * 60L)));
    }
}
