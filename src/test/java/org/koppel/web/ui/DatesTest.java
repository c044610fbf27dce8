package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;

/** Moments in the reader's time zone and their language's own format. */
class DatesTest {

    private static final Instant NOV_20_0900_UTC = Instant.parse("2026-11-20T09:00:00Z");

    private final Dates dates = new Dates(new KoppelLocales(null, "Europe/Amsterdam"));

    @AfterEach
    void forget() {
        LocaleContextHolder.resetLocaleContext();
    }

    private static void reader(String language, String zone) {
        LocaleContextHolder.setLocaleContext(new SimpleTimeZoneAwareLocaleContext(Locale.forLanguageTag(language),
                zone == null ? null : TimeZone.getTimeZone(zone)));
    }

    @Test
    void aMomentIsShownInTheReadersZoneAndLanguage() {
        reader("nl", "Europe/Amsterdam");
        assertThat(dates.moment(NOV_20_0900_UTC)).isEqualTo("20 nov 2026, 10:00");
        reader("it", "Asia/Tokyo");
        assertThat(dates.moment(NOV_20_0900_UTC)).isEqualTo("20 nov 2026, 18:00");
        reader("en", "America/New_York");
        assertThat(dates.moment(NOV_20_0900_UTC)).startsWith("Nov 20, 2026, 4:00").endsWith("AM");
    }

    @Test
    void withoutAZoneTheDefaultOneApplies() {
        reader("nl", null);
        assertThat(dates.time(NOV_20_0900_UTC)).isEqualTo("10:00");
    }

    @Test
    void aDayIsTheDayInTheReadersZone() {
        Instant lateEvening = Instant.parse("2026-11-20T23:30:00Z");
        reader("nl", "Europe/Amsterdam");
        assertThat(dates.day(lateEvening)).isEqualTo("21 nov 2026");
        reader("nl", "America/New_York");
        assertThat(dates.day(lateEvening)).isEqualTo("20 nov 2026");
        reader("it", "Europe/Rome");
        assertThat(dates.longDay(LocalDate.of(2026, 12, 3))).isEqualTo("giovedì 3 dicembre 2026");
    }

    @Test
    void nothingIsShownForNoMoment() {
        reader("en", "Europe/Amsterdam");
        assertThat(dates.moment(null)).isEmpty();
        assertThat(dates.day((LocalDate) null)).isEmpty();
    }
}
