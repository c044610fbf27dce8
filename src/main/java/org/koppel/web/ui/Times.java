package org.koppel.web.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Moments as the UI shows them: in UTC, Koppel's clock, and saying so, as no user time zone is known yet. */
final class Times {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }
}
