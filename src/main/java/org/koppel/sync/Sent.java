package org.koppel.sync;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A write to a peer item that may or may not have landed: the slots Koppel sent and their values,
 * against the item's version {@code against}. It is stored on the link before the write goes out
 * and cleared when the link is stored after it. A run that dies in between (or whose Koppel side
 * of the merge fails) leaves it, and the next run learns from the item as it is then what the
 * peer took: a slot that holds the sent value is agreed; a slot that holds anything else may be a
 * person's change made after the write, so its agreed value is unsure.
 */
public record Sent(String against, Set<String> slots, Snapshot values) {

    public Sent {
        slots = Set.copyOf(slots);
    }

    /** The base to merge the item against, now that it is at {@code version} holding {@code now}. */
    public Base after(Base before, String version, Snapshot now) {
        if (version == null || version.equals(against)) return before; // the write did not land
        var agreed = new TreeMap<>(before.agreed().values());
        var unsure = new HashSet<>(before.unsure());
        for (String slot : slots) {
            String sent = values.get(slot);
            if (Objects.equals(now.get(slot), sent)) {
                if (sent == null) agreed.remove(slot);
                else agreed.put(slot, sent);
                unsure.remove(slot);
            } else {
                unsure.add(slot);
            }
        }
        return new Base(new Snapshot(agreed), unsure);
    }
}
