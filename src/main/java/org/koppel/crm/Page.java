package org.koppel.crm;

import java.util.List;
import java.util.function.Function;

/** One page of a listing; {@code total} counts all matches. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public <U> Page<U> map(Function<T, U> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
