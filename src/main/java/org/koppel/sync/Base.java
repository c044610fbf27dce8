package org.koppel.sync;

import java.util.Set;

/**
 * What a merge compares each side against: the values both sides last agreed on, and the slots
 * whose agreed value is not known for sure. A slot is unsure when Koppel wrote it to the peer in a
 * run that died before it stored the result, and the peer holds something else now: the write may
 * have landed and been changed again by a person, or never landed. A difference in an unsure slot
 * is a conflict (logged with its losing value), never a silent overwrite.
 */
public record Base(Snapshot agreed, Set<String> unsure) {

    public Base {
        unsure = Set.copyOf(unsure);
    }

    public static Base of(Snapshot agreed) {
        return new Base(agreed, Set.of());
    }

    public boolean knows(String slot) {
        return !unsure.contains(slot);
    }

    public String get(String slot) {
        return agreed.get(slot);
    }
}
