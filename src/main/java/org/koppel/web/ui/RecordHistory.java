package org.koppel.web.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Change;
import org.koppel.crm.FieldValues;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A record's recent changes as a page shows them: when, what, and who by name, a sync by the name
 * of its connection ("Anna's iPhone"), not its number.
 */
@Component
class RecordHistory {

    static final int SHOWN = 15;

    private final ChangeLogStore changeLog;
    private final EmployeeDirectory employees;
    private final ConnectionStore connections;

    private final ObjectMapper json;
    private final UiText text;
    private final Dates dates;

    RecordHistory(ChangeLogStore changeLog, EmployeeDirectory employees, ConnectionStore connections, ObjectMapper json,
                  UiText text, Dates dates) {
        this.json = json;
        this.text = text;
        this.dates = dates;
        this.changeLog = changeLog;
        this.employees = employees;
        this.connections = connections;
    }

    List<ChangeEntry> of(RecordType type, long id) {
        List<Change> changes = changeLog.forRecord(type, id, SHOWN);
        Map<Long, String> connectionNames = new HashMap<>();
        changes.stream().map(Change::origin).filter(o -> o.type() == Origin.OriginType.CONNECTION).map(Origin::id).distinct()
                .forEach(cid -> connections.find(cid).ifPresent(c -> connectionNames.put(cid, c.name())));
        Map<Long, String> names = employees.names();
        Map<Long, List<FieldValues>> values = changeLog.values(changes.stream().map(Change::seq).toList());
        return changes.stream().map(c -> ChangeEntry.of(c, names, connectionNames,
                values.getOrDefault(c.seq(), List.of()).stream().map(this::shown).toList(),
                text::of, dates)).toList();
    }

    /** The longest value shown in a history line; the record's page shows the whole of the current one. */
    static final int SHOWN_LENGTH = 120;

    private ChangeEntry.Shown shown(FieldValues v) {
        return new ChangeEntry.Shown(v.field(), words(v.before()), words(v.after()));
    }

    /** A stored JSON value as a person reads it: text as is, lists joined, an address as its parts. */
    String words(String stored) {
        if (stored == null) return null;
        String text;
        try {
            text = words(json.readTree(stored));
        } catch (RuntimeException e) {
            text = stored; // cut when stored (FieldDiff.MAX_VALUE), so no longer JSON
        }
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH - 1) + "…";
    }

    private static String words(JsonNode node) {
        if (node.isArray()) {
            var parts = new java.util.ArrayList<String>();
            node.forEach(n -> parts.add(words(n)));
            return String.join(node.size() > 0 && node.get(0).isObject() ? "; " : ", ", parts);
        }
        if (node.isObject()) {
            var parts = new java.util.ArrayList<String>();
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) parts.add(e.getValue().isValueNode() ? e.getValue().asString() : words(e.getValue()));
            });
            return String.join(" ", parts);
        }
        return node.asString();
    }
}
