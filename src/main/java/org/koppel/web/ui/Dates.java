package org.koppel.web.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.stereotype.Component;

/**
 * Moments and days as the reader expects them: in their time zone and their language's own format
 * ("3 dec. 2026, 14:05" in Dutch, "Dec 3, 2026, 2:05 PM" in English), as KoppelLocales resolved
 * them for the request. For templates as {@code ${@dates.moment(x)}}, {@code ${@dates.day(d)}};
 * {@code ${@dates.iso(x)}} for a {@code <time datetime>}. Null is shown as nothing.
 */
@Component("dates")
public class Dates {

    private final KoppelLocales locales;

    Dates(KoppelLocales locales) {
        this.locales = locales;
    }

    /** Date and time of day, e.g. "3 dic 2026, 14:05". */
    public String moment(Instant at) {
        return format(at, DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT));
    }

    /** The day a moment falls on in the reader's zone. */
    public String day(Instant at) {
        return format(at, DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM));
    }

    public String day(LocalDate date) {
        return format(date, DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM));
    }

    /** A day with its weekday, e.g. "Thursday, December 3, 2026" (headings of an agenda). */
    public String longDay(LocalDate date) {
        return format(date, DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL));
    }

    /** The time of day in the reader's zone, e.g. "14:05". */
    public String time(Instant at) {
        return format(at, DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT));
    }

    /** The machine-readable form for {@code <time datetime>}. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** The reader's time zone. */
    public ZoneId zone() {
        return LocaleContextHolder.getLocaleContext() instanceof TimeZoneAwareLocaleContext c && c.getTimeZone() != null
                ? c.getTimeZone().toZoneId() : locales.defaultZone();
    }

    public Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private String format(TemporalAccessor value, DateTimeFormatter style) {
        if (value == null) return "";
        return style.withLocale(locale()).withZone(zone()).format(value);
    }
}
