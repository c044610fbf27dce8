package org.koppel.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads Retry-After (RFC 9110 §10.2.3, formerly RFC 7231 §7.1.3): delay-seconds or an HTTP-date.
 * One reading for every HTTP connector (DAV, Microsoft Graph, source systems).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long: not a delay anyone means
            }
        }
        try {
            // IMF-fixdate is the form RFC 9110 §5.6.7 requires senders to use; RFC_1123 parses it.
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty(); // obsolete date forms or garbage: fall back to our own backoff
        }
    }
}
