package org.koppel.web.ui;

import java.util.List;
import java.util.function.Function;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;

/**
 * Typed values read from a form's text: one that cannot be read becomes a problem of its field and
 * is read as absent, so the write path refuses it together with every other problem of the form.
 */
final class FormValues {

    static final String DATE = "is not a date; use year-month-day, such as 2026-12-07";

    private FormValues() {
    }

    /**
     * @param why what the text is not, after the quoted text ("is not a relation id")
     * @return the value, or null when the text is blank or could not be read
     */
    static <T> T read(String field, String text, Function<String, T> parse, String why, List<FieldProblem> unreadable) {
        String value = Checks.clean(text);
        if (value == null) return null;
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            // DateTimeParseException, NumberFormatException: the text is not what the field holds
            unreadable.add(new FieldProblem(field, "'" + Checks.abbreviated(value) + "' " + why));
            return null;
        }
    }
}
