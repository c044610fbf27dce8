package org.koppel.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;

/** The contact field map exactly as the migrations store it, for tests that need no database. */
public final class FieldMaps {

    private static final List<String> MIGRATIONS = List.of("V2__sync.sql", "V15__contact_cards.sql");
    private static final Pattern ROW = Pattern.compile(
            "\\('CONTACTS', '(\\w+)', '([\\w.]+)', '([\\w.]+)', '(\\w+)', (TRUE|FALSE), (\\d+)\\)");

    private FieldMaps() {
    }

    public static FieldMap contacts() {
        var rows = new ArrayList<Row>();
        for (String file : MIGRATIONS) {
            Matcher m = ROW.matcher(read(file));
            while (m.find()) {
                rows.add(new Row(PersonRole.valueOf(m.group(1)), m.group(2), m.group(3), RowDirection.valueOf(m.group(4)),
                        Boolean.parseBoolean(m.group(5).toLowerCase(java.util.Locale.ROOT))));
            }
        }
        return new FieldMap(rows);
    }

    private static String read(String file) {
        try (InputStream in = FieldMaps.class.getResourceAsStream("/db/migration/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
