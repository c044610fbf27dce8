package org.koppel.web.ui;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Text of the agenda, mail and home pages that Java puts together (flash notices, day names, "From
 * 15:00"), in the language of the request, from the agenda bundle (read through {@link UiText}).
 */
@Component
class AgendaTexts {

    private final UiText text;

    AgendaTexts(UiText text) {
        this.text = text;
    }

    Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    String msg(String key, Object... args) {
        return text.of(key, args);
    }

    /** A date as people of the locale write it, with the month's short name: "8 Dec 2026", "8 dic 2026". */
    DateTimeFormatter date() {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale());
    }

    /** How an appointment list words its times, in the request's language. */
    AgendaEntry.Words words() {
        return new AgendaEntry.Words(locale(), msg("agenda.entry.allDay"), msg("agenda.entry.from"),
                msg("agenda.entry.until"), msg("agenda.entry.wholeAllDay"));
    }
}
