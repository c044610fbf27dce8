package org.koppel.crm.relation;

import java.util.Locale;
import java.util.Optional;

/**
 * The columns the relation list sorts by. Every order ends on the relation's id, so it is total:
 * paging through it never shows a relation twice or skips one, whatever the ties.
 */
public enum RelationSort {
    NAME, KIND, MANAGER, CITY, CHANGED;

    /** How it is written in a URL or in JSON: {@code name}, {@code changed}. */
    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RelationSort> parse(String value) {
        if (value == null) return Optional.empty();
        for (RelationSort sort : values()) {
            if (sort.param().equalsIgnoreCase(value.strip())) return Optional.of(sort);
        }
        return Optional.empty();
    }

    /** Newest first is what one wants of "changed"; a-z of the rest. */
    public boolean descendingFirst() {
        return this == CHANGED;
    }
}
