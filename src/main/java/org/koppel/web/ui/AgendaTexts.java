package org.koppel.web.ui;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Text of the agenda, mail and home pages that Java puts together (flash notices, day names, "From
 * 15:00"), in the language of the request, from the agenda bundle.
 */
@Component
class AgendaTexts {

    private final MessageSource messages;

    AgendaTexts(MessageSource messages) {
        this.messages = messages;
    }

    Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    String msg(String key, Object... args) {
        return messages.getMessage(key, args, locale());
    }

    /** A date as people of the locale write it, with the month's short name: "8 Dec 2026", "8 dic 2026". */
    DateTimeFormatter date() {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale());
    }

    /** How an appointment list words its times, in the request's language. */
    AgendaEntry.Words words() {
        return new AgendaEntry.Words(locale(), msg("agenda.entry.allDay"), pattern("agenda.entry.from"),
                pattern("agenda.entry.until"), pattern("agenda.entry.wholeAllDay"));
    }

    private String pattern(String key) {
        return messages.getMessage(key, null, locale());
    }
}
