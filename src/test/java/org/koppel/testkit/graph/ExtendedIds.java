package org.koppel.testkit.graph;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Extended property ids, "Outlook extended properties overview"
 * (https://learn.microsoft.com/graph/api/resources/extended-properties-overview): "{type} {guid} Name
 * {name}", "{type} {guid} Id {hex}" or "{type} {tag}". "Filtering the string name (Name) in the id
 * of an extended property is case-sensitive" ("Get singleValueLegacyExtendedProperty"); the rest is not.
 */
final class ExtendedIds {

    private static final Pattern NAMED = Pattern.compile("(?i)^\\w+ \\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\} (name|id) \\S.*$");
    private static final Pattern TAGGED = Pattern.compile("(?i)^\\w+ 0x[0-9a-f]{1,4}$");

    private ExtendedIds() {
    }

    static boolean valid(String id) {
        return NAMED.matcher(id.strip()).matches() || TAGGED.matcher(id.strip()).matches();
    }

    static String key(String id) {
        String[] parts = id.strip().split("\\s+", 4);
        if (parts.length < 4) return id.strip().toLowerCase(Locale.ROOT);
        return String.join(" ", parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT),
                parts[2].toLowerCase(Locale.ROOT), parts[3]);
    }
}
