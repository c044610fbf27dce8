package org.koppel.connector.mail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the reading of one mail noticed, each said once. Capped, so a mail with 500 broken addresses
 * (or a fuzzed one) does not bury the few notes a person reads under hundreds of alike ones.
 */
final class MailNotes {

    static final int LIMIT = 20;

    private final Set<String> notes = new LinkedHashSet<>();
    private int dropped;

    /** What the mail said, in quotes and cut short: a note quotes a header, it does not carry it. */
    static String quote(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine) + "\"";
    }

    void add(String note) {
        if (notes.contains(note)) {
            return;
        }
        if (notes.size() < LIMIT) {
            notes.add(note);
        } else {
            dropped++;
        }
    }

    List<String> list() {
        List<String> all = new ArrayList<>(notes);
        if (dropped > 0) {
            all.add("and " + dropped + " more notes like these");
        }
        return all;
    }
}
