package org.koppel.crm;

/** A rejected input value: which field (JSON path such as {@code addresses[1].city}) and why. */
public record FieldProblem(String field, String reason) {
}
