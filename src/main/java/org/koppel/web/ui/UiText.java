package org.koppel.web.ui;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** A controller's notices and reasons in the reader's language, from the message bundles. */
@Component
class UiText {

    private final MessageSource messages;

    UiText(MessageSource messages) {
        this.messages = messages;
    }

    String of(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }

    /** The text of {@code key}, or {@code fallback} where there is none (a value Koppel has no label for). */
    String orElse(String key, String fallback) {
        return messages.getMessage(key, null, fallback, LocaleContextHolder.getLocale());
    }
}
