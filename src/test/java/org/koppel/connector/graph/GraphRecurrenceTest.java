package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.koppel.testkit.graph.FakeCalendar;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outlook's patternedRecurrence and RRULE, both ways. The expansion check compares the dates the
 * Graph fake expands from the pattern (written from the Graph pages) with those ical4j expands from
 * the RRULE Koppel reads: a translation that moved an occurrence would invent left-out occurrences.
 */
class GraphRecurrenceTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode recurrence(String pattern, String range) {
        return json.readTree("{\"pattern\": " + pattern + ", \"range\": " + range + "}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "daily every 2 days | {\"type\":\"daily\",\"interval\":2} | FREQ=DAILY;INTERVAL=2;COUNT=12",
            "weekly on its own day | {\"type\":\"weekly\",\"interval\":1,\"daysOfWeek\":[\"tuesday\"],\"firstDayOfWeek\":\"sunday\"} | FREQ=WEEKLY;COUNT=12",
            "fortnightly on three days | {\"type\":\"weekly\",\"interval\":2,\"daysOfWeek\":[\"friday\",\"monday\",\"wednesday\"],\"firstDayOfWeek\":\"sunday\"} | FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;COUNT=12;WKST=SU",
            "fortnightly, weeks from monday | {\"type\":\"weekly\",\"interval\":2,\"daysOfWeek\":[\"tuesday\",\"thursday\"],\"firstDayOfWeek\":\"monday\"} | FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=12",
            "monthly on the 15th | {\"type\":\"absoluteMonthly\",\"interval\":1,\"dayOfMonth\":15} | FREQ=MONTHLY;BYMONTHDAY=15;COUNT=12",
            "monthly on its own day | {\"type\":\"absoluteMonthly\",\"interval\":3,\"dayOfMonth\":1} | FREQ=MONTHLY;INTERVAL=3;COUNT=12",
            "last friday of the month | {\"type\":\"relativeMonthly\",\"interval\":1,\"daysOfWeek\":[\"friday\"],\"index\":\"last\"} | FREQ=MONTHLY;BYDAY=-1FR;COUNT=12",
            "second monday | {\"type\":\"relativeMonthly\",\"interval\":1,\"daysOfWeek\":[\"monday\"],\"index\":\"second\"} | FREQ=MONTHLY;BYDAY=2MO;COUNT=12",
            "every 6 March | {\"type\":\"absoluteYearly\",\"interval\":1,\"month\":3,\"dayOfMonth\":6} | FREQ=YEARLY;BYMONTHDAY=6;BYMONTH=3;COUNT=12",
            "fourth thursday of november | {\"type\":\"relativeYearly\",\"interval\":1,\"month\":11,\"daysOfWeek\":[\"thursday\"],\"index\":\"fourth\"} | FREQ=YEARLY;BYDAY=4TH;BYMONTH=11;COUNT=12"})
    void patternsReadAsRrulesThatExpandToOutlooksOccurrencesAndWriteBackToThePattern(String name, String pattern, String rule)
            throws Exception {
        LocalDateTime start = LocalDateTime.parse("2026-12-01T10:00:00");
        JsonNode recurrence = recurrence(pattern, "{\"type\":\"numbered\",\"startDate\":\"2026-12-01\",\"numberOfOccurrences\":12}");

        String read = GraphRecurrence.toRule(recurrence, start, AMSTERDAM, false);

        assertThat(read).isEqualTo(rule);
        // the fake's dates and ical4j's agree (a first start off the pattern is no occurrence in either)
        List<LocalDate> fake = FakeCalendar.patternDates(recurrence, LocalDate.parse("2040-01-01"));
        List<LocalDate> ical = GraphRecurrence.starts(read, start, AMSTERDAM, false, Instant.parse("2026-11-30T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z"), 100).stream().map(i -> i.atZone(AMSTERDAM).toLocalDate()).toList();
        assertThat(ical).hasSize(12).isEqualTo(fake);
        // written back, the pattern reads as the same rule
        JsonNode written = GraphRecurrence.toGraph(read, start, AMSTERDAM, false);
        assertThat(GraphRecurrence.toRule(written, start, AMSTERDAM, false)).isEqualTo(read);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "false | {\"type\":\"endDate\",\"startDate\":\"2026-12-01\",\"endDate\":\"2027-03-30\"} | FREQ=WEEKLY;UNTIL=20270330T070000Z",
            "true | {\"type\":\"endDate\",\"startDate\":\"2026-12-01\",\"endDate\":\"2027-03-30\"} | FREQ=WEEKLY;UNTIL=20270330",
            "false | {\"type\":\"noEnd\",\"startDate\":\"2026-12-01\"} | FREQ=WEEKLY"})
    void rangesReadAsCountUntilOrNothingAndWriteBack(boolean allDay, String range, String rule) throws Exception {
        LocalDateTime start = allDay ? LocalDateTime.parse("2026-12-01T00:00:00") : LocalDateTime.parse("2026-12-01T09:00:00");
        JsonNode recurrence = recurrence("{\"type\":\"weekly\",\"interval\":1,\"daysOfWeek\":[\"tuesday\"],\"firstDayOfWeek\":\"sunday\"}", range);

        String read = GraphRecurrence.toRule(recurrence, start, AMSTERDAM, allDay);

        assertThat(read).isEqualTo(rule);
        JsonNode written = GraphRecurrence.toGraph(read, start, AMSTERDAM, allDay);
        assertThat(written.path("range").path("type").asString()).isEqualTo(recurrence.path("range").path("type").asString());
        assertThat(written.path("range").path("endDate").asString("")).isEqualTo(recurrence.path("range").path("endDate").asString(""));
    }

    @org.junit.jupiter.api.Test
    void anUntilLateInTheDayEndsOnThatDayAndOneBeforeTheStartTimeOnTheDayBefore() throws Exception {
        LocalDateTime start = LocalDateTime.parse("2026-12-01T09:00:00");
        assertThat(GraphRecurrence.toGraph("FREQ=DAILY;UNTIL=20261231T225959Z", start, AMSTERDAM, false)
                .path("range").path("endDate").asString()).isEqualTo("2026-12-31");
        assertThat(GraphRecurrence.toGraph("FREQ=DAILY;UNTIL=20261231T070000Z", start, AMSTERDAM, false)
                .path("range").path("endDate").asString()).isEqualTo("2026-12-30");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYDAY=MO",
            "FREQ=MONTHLY;BYDAY=5FR", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "FREQ=YEARLY;BYMONTH=1,7", "FREQ=WEEKLY;BYDAY=1MO",
            "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=HOURLY"})
    void rulesOutlookCannotHoldAreRefusedWithAReason(String rule) {
        assertThatThrownBy(() -> GraphRecurrence.toGraph(rule, LocalDateTime.parse("2026-12-01T09:00:00"), AMSTERDAM, false))
                .isInstanceOf(GraphRecurrence.Unmappable.class).hasMessageContaining(rule.split(";")[0].substring(5));
    }

    @org.junit.jupiter.api.Test
    void anOutlookPatternWithoutAnRruleIsUnmappable() {
        JsonNode weekend = recurrence("{\"type\":\"relativeMonthly\",\"interval\":1,\"daysOfWeek\":[\"saturday\",\"sunday\"],\"index\":\"first\"}",
                "{\"type\":\"noEnd\",\"startDate\":\"2026-12-05\"}");
        assertThatThrownBy(() -> GraphRecurrence.toRule(weekend, LocalDateTime.parse("2026-12-05T10:00:00"), AMSTERDAM, false))
                .isInstanceOf(GraphRecurrence.Unmappable.class).hasMessageContaining("BYSETPOS");
        JsonNode thirtyFirst = recurrence("{\"type\":\"absoluteMonthly\",\"interval\":1,\"dayOfMonth\":31}",
                "{\"type\":\"noEnd\",\"startDate\":\"2026-12-31\"}");
        assertThatThrownBy(() -> GraphRecurrence.toRule(thirtyFirst, LocalDateTime.parse("2026-12-31T10:00:00"), AMSTERDAM, false))
                .isInstanceOf(GraphRecurrence.Unmappable.class);
    }
}
