package org.koppel.crm.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class RecurrenceRuleTest {

    @Test
    void rulesEveryPeerCanHoldAreRead() {
        assertThat(RecurrenceRule.parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=MO;COUNT=10", false).problems()).isEmpty();
        assertThat(RecurrenceRule.parse("FREQ=MONTHLY;BYDAY=-1FR", false).problems()).isEmpty();
        assertThat(RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", true).problems()).isEmpty();
        assertThat(RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270101T120000Z", false).rule().untilInstant())
                .isEqualTo(Instant.parse("2027-01-01T12:00:00Z"));
        assertThat(RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270101", true).rule().untilDate())
                .isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(RecurrenceRule.normal(" rrule:freq=daily ")).isEqualTo("FREQ=DAILY");
    }

    @Test
    void rulesOutsideTheSupportedPartAreRefusedWithAReasonEach() {
        assertThat(RecurrenceRule.parse("INTERVAL=2", false).problems()).containsExactly("FREQ is required");
        assertThat(RecurrenceRule.parse("FREQ=WEEKLY;FREQ=DAILY", false).problems()).containsExactly("FREQ is given twice");
        assertThat(RecurrenceRule.parse("FREQ=WEEKLY;BYSETPOS=1", false).problems()).singleElement().asString()
                .startsWith("BYSETPOS is not supported");
        assertThat(RecurrenceRule.parse("FREQ=WEEKLY;BYDAY=1MO", false).problems()).singleElement().asString()
                .contains("needs FREQ=MONTHLY or FREQ=YEARLY");
        assertThat(RecurrenceRule.parse("FREQ=MONTHLY;BYMONTHDAY=0,32", false).problems()).hasSize(2);
        assertThat(RecurrenceRule.parse("FREQ=DAILY;INTERVAL=0", false).problems()).singleElement().asString()
                .contains("lies outside 1..999");
        assertThat(RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270101", false).problems()).singleElement().asString()
                .contains("must be a UTC date-time");
        assertThat(RecurrenceRule.parse("FREQ=DAILY;;", false).problems()).isNotEmpty();
        assertThat(RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270230", true).problems()).singleElement().asString()
                .contains("is not a valid date");
    }
}
