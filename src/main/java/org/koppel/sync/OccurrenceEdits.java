package org.koppel.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Occurrences of a series edited on their own, as the one text value of
 * {@link AppointmentSlots#OCCURRENCE_EDITS}: one line per edit, sorted by the occurrence it replaces,
 * fields separated by {@code |} and escaped ({@code \\}, {@code \|}, {@code \n}), so equal edits are
 * equal text whichever peer they came from.
 */
public final class OccurrenceEdits {

    /**
     * One occurrence as edited. {@code recurrenceId} is the start it had in the series, in the form of
     * {@link AppointmentSlots#START}; {@code start} and {@code end} are its own. Blank text is absent.
     */
    public record Edit(String recurrenceId, String start, String end, String subject, String location,
                       String description) {
    }

    private OccurrenceEdits() {
    }

    /** The slot value of some edits; null when there are none. */
    public static String encode(List<Edit> edits) {
        if (edits == null || edits.isEmpty()) return null;
        var lines = new ArrayList<String>();
        edits.stream().sorted(Comparator.comparing(Edit::recurrenceId)).forEach(e -> lines.add(String.join("|",
                escape(e.recurrenceId()), escape(e.start()), escape(e.end()), escape(e.subject()),
                escape(e.location()), escape(e.description()))));
        return String.join("\n", lines);
    }

    /** The edits of a slot value; none for null or blank. */
    public static List<Edit> decode(String value) {
        if (value == null || value.isBlank()) return List.of();
        var edits = new ArrayList<Edit>();
        for (String line : value.split("\n")) {
            List<String> f = fields(line);
            while (f.size() < 6) f.add(null);
            edits.add(new Edit(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5)));
        }
        return edits;
    }

    private static String escape(String s) {
        if (s == null || s.isBlank()) return "";
        return s.strip().replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "\\n");
    }

    private static List<String> fields(String line) {
        var fields = new ArrayList<String>();
        var current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                current.append(next == 'n' ? '\n' : next);
            } else if (c == '|') {
                fields.add(current.isEmpty() ? null : current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.isEmpty() ? null : current.toString());
        return fields;
    }
}
