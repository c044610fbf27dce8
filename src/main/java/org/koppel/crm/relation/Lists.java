package org.koppel.crm.relation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.koppel.crm.Checks;

/** Null-safe list and map cleaning shared by the relation records. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Map<String, Object> orEmpty(Map<String, Object> map) {
        if (map == null) return Map.of();
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> {
            Object cleaned = value instanceof String s ? Checks.clean(s) : value;
            if (cleaned != null) copy.put(key, cleaned);
        });
        return copy;
    }

    static List<String> cleanTexts(List<String> texts) {
        return orEmpty(texts).stream().map(Checks::clean).filter(Objects::nonNull).distinct().toList();
    }

    static List<Address> cleanAddresses(List<Address> addresses) {
        return orEmpty(addresses).stream().filter(Objects::nonNull).map(Address::cleaned).toList();
    }
}
