package org.koppel.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Which fields differ between two versions of a record, compared in their JSON form so that the
 * names logged are the names the API uses. A write that changes nothing is not a change: it gets
 * no new version and no change-log entry, which keeps sync from echoing.
 */
@Component
public class FieldDiff {

    /** Bookkeeping the store sets; never a change of content. */
    private static final Set<String> META = Set.of("id", "version", "createdAt", "updatedAt", "deletedAt");

    private final ObjectMapper json;

    public FieldDiff(ObjectMapper json) {
        this.json = json;
    }

    /** @param alsoIgnore fields derived from others, which change only when those do */
    public List<String> changedFields(Object before, Object after, Set<String> alsoIgnore) {
        JsonNode a = json.valueToTree(before);
        JsonNode b = json.valueToTree(after);
        var names = new TreeSet<String>();
        a.propertyNames().forEach(names::add);
        b.propertyNames().forEach(names::add);
        var changed = new ArrayList<String>();
        for (String name : names) {
            if (META.contains(name) || alsoIgnore.contains(name)) continue;
            if (!Objects.equals(normal(a.get(name)), normal(b.get(name)))) changed.add(name);
        }
        return changed;
    }

    /** The longest value text kept; the column holds 4000 characters. */
    static final int MAX_VALUE = 2000;

    /** The values of the given fields before and after, for the history; each cut to {@link #MAX_VALUE}. */
    public List<FieldValues> values(Object before, Object after, List<String> fields) {
        JsonNode a = json.valueToTree(before);
        JsonNode b = json.valueToTree(after);
        return fields.stream().map(f -> new FieldValues(f, text(a.get(f)), text(b.get(f)))).toList();
    }

    private static String text(JsonNode node) {
        JsonNode value = normal(node);
        if (value == null) return null;
        String text = value.toString();
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
    }

    /** Absent, null and empty lists all mean "no value". */
    private static JsonNode normal(JsonNode node) {
        if (node == null || node.isNull() || (node.isContainer() && node.isEmpty())) return null;
        return node;
    }

    /** All content fields of a record, for the change-log entry of its creation. */
    public List<String> allFields(Object record, Set<String> derived) {
        JsonNode node = json.valueToTree(record);
        var fields = new ArrayList<String>();
        node.propertyNames().forEach(name -> {
            if (!META.contains(name) && !derived.contains(name) && normal(node.get(name)) != null) fields.add(name);
        });
        return fields;
    }
}
