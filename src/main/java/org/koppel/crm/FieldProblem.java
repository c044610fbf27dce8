package org.koppel.crm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rejected input value: which field (JSON path such as {@code addresses[1].city}) and why. The reason
 * is English words for the API; {@code code} names the common reasons ({@link Checks}) so a client, and
 * Koppel's own pages, can say them in the reader's language with {@code args} filled in.
 */
public record FieldProblem(String field, String reason,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String code,
                           @JsonIgnore List<Object> args) {

    public FieldProblem {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public FieldProblem(String field, String reason) {
        this(field, reason, null, List.of());
    }

    /** A common reason: its code and the values its words carry, besides the English words. */
    public static FieldProblem coded(String field, String code, String reason, Object... args) {
        return new FieldProblem(field, reason, code, List.of(args));
    }

    /** The same problem at another field name (a form's input for an API field). */
    public FieldProblem at(String otherField) {
        return new FieldProblem(otherField, reason, code, args);
    }
}
