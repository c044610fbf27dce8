package org.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class RuleTextTest {

    private static final LocalDate TUESDAY_8_DEC = LocalDate.of(2026, 12, 8);

    @Test
    void partsThatOnlyRepeatTheFirstDateAreLeftOutAndTheRestIsInOneOrder() {
        assertThat(RuleText.canonical("rrule:freq=weekly;byday=TU;interval=1", TUESDAY_8_DEC)).isEqualTo("FREQ=WEEKLY");
        assertThat(RuleText.canonical("FREQ=WEEKLY;COUNT=5;BYDAY=FR,MO", TUESDAY_8_DEC)).isEqualTo("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=5");
        assertThat(RuleText.canonical("FREQ=MONTHLY;BYMONTHDAY=8", TUESDAY_8_DEC)).isEqualTo("FREQ=MONTHLY");
        assertThat(RuleText.canonical("FREQ=MONTHLY;BYDAY=2TU", TUESDAY_8_DEC)).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
        assertThat(RuleText.canonical("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=8", TUESDAY_8_DEC)).isEqualTo("FREQ=YEARLY");
        assertThat(RuleText.canonical("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8", TUESDAY_8_DEC))
                .isEqualTo("FREQ=YEARLY;BYMONTHDAY=8;BYMONTH=3");
    }

    @Test
    void wkstStaysOnlyWhereItChangesTheSeries() {
        assertThat(RuleText.canonical("FREQ=WEEKLY;WKST=SU", TUESDAY_8_DEC)).isEqualTo("FREQ=WEEKLY");
        assertThat(RuleText.canonical("FREQ=WEEKLY;WKST=MO;INTERVAL=2", TUESDAY_8_DEC)).isEqualTo("FREQ=WEEKLY;INTERVAL=2");
        assertThat(RuleText.canonical("WKST=SU;FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", TUESDAY_8_DEC))
                .isEqualTo("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU");
    }

    @Test
    void noRuleIsNoText() {
        assertThat(RuleText.canonical(null, TUESDAY_8_DEC)).isNull();
        assertThat(RuleText.canonical(" ", TUESDAY_8_DEC)).isNull();
    }
}
