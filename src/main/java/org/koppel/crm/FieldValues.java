package org.koppel.crm;

/** One field's value before and after a change, as compact JSON text (null: no value); see FieldDiff#values. */
public record FieldValues(String field, String before, String after) {
}
