package org.koppel.crm.customfield;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value types a custom field can have. Values are stored as canonical text and handed out
 * typed: numbers as numbers, booleans as booleans, dates as ISO strings.
 */
public enum CustomFieldType {
    @JsonProperty("text") TEXT,
    @JsonProperty("number") NUMBER,
    @JsonProperty("date") DATE,
    @JsonProperty("boolean") BOOLEAN,
    @JsonProperty("pickList") PICK_LIST;

    /** The stored text for a value from JSON, or a reason why the value does not fit this type. */
    public Encoded encode(Object value, List<String> options) {
        return switch (this) {
            case TEXT -> value instanceof String s && s.length() <= 4000 ? ok(s) : fail("must be a text of at most 4000 characters");
            case NUMBER -> encodeNumber(value);
            case DATE -> encodeDate(value);
            case BOOLEAN -> value instanceof Boolean b ? ok(b.toString()) : fail("must be true or false");
            case PICK_LIST -> value instanceof String s && options.contains(s) ? ok(s)
                    : fail("must be one of " + options);
        };
    }

    public Object decode(String stored) {
        return switch (this) {
            case TEXT, PICK_LIST, DATE -> stored;
            case NUMBER -> new BigDecimal(stored);
            case BOOLEAN -> Boolean.valueOf(stored);
        };
    }

    /** Digits before and after the point: the stored text must fit its column (4000). */
    static final int MAX_DIGITS = 1000;

    private static Encoded encodeNumber(Object value) {
        try {
            BigDecimal number = null;
            if (value instanceof Number n) number = new BigDecimal(n.toString()).stripTrailingZeros();
            if (value instanceof String s) number = new BigDecimal(s.strip()).stripTrailingZeros();
            // "1e999999999" is a short text for a billion digits: written out it would exhaust memory.
            if (number != null && (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS)) {
                return fail("must have at most " + MAX_DIGITS + " digits before and after the point");
            }
            if (number != null) return ok(number.toPlainString());
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        return fail("must be a number");
    }

    private static Encoded encodeDate(Object value) {
        if (value instanceof String s) {
            try {
                return ok(LocalDate.parse(s).toString());
            } catch (DateTimeParseException e) {
                return fail("'" + s + "' is not a date (expected yyyy-mm-dd)");
            }
        }
        return fail("must be a date (yyyy-mm-dd)");
    }

    private static Encoded ok(String text) {
        return new Encoded(text, null);
    }

    private static Encoded fail(String reason) {
        return new Encoded(null, reason);
    }

    public record Encoded(String text, String problem) {
    }
}
