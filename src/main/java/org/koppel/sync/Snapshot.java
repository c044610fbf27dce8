package org.koppel.sync;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Mapped values of one item, by peer slot: what the CRM record says, what the peer item says, or
 * (as a link's base) what both last agreed on. Blank values are absent, so "" and no value compare equal;
 * line ends are {@code \n}, so a note typed in a browser (CRLF) equals the same note read from a peer.
 */
public record Snapshot(SortedMap<String, String> values) {

    public static final Snapshot EMPTY = new Snapshot(new TreeMap<>());

    public Snapshot {
        var clean = new TreeMap<String, String>();
        values.forEach((slot, value) -> {
            if (value != null && !value.isBlank()) clean.put(slot, value.strip().replace("\r\n", "\n"));
        });
        values = java.util.Collections.unmodifiableSortedMap(clean);
    }

    public static Snapshot of(Map<String, String> values) {
        return new Snapshot(new TreeMap<>(values));
    }

    public String get(String slot) {
        return values.get(slot);
    }

    public boolean same(String slot, Snapshot other) {
        return Objects.equals(get(slot), other.get(slot));
    }
}
