package org.koppel.testkit.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few OData query forms the fake understands, each from a Graph page; anything else is refused
 * with 400 so a client cannot come to rely on a form the fake only guessed.
 */
final class ODataQuery {

    /** "Get singleValueLegacyExtendedProperty": GET .../contacts?$filter=singleValueExtendedProperties/Any(ep: ep/id eq '{id}' and ep/value eq '{value}'). */
    private static final Pattern ANY_EXTENDED = Pattern.compile(
            "(?i)^singleValueExtendedProperties/any\\(\\s*(\\w+)\\s*:\\s*\\1/id eq '([^']*)' and \\1/value eq '([^']*)'\\s*\\)$");
    /** "List contactFolders" with $filter on displayName. */
    private static final Pattern DISPLAY_NAME = Pattern.compile("(?i)^displayName eq '([^']*)'$");
    /** $expand=singleValueExtendedProperties($filter=id eq '{id}'); several ids joined by "or". */
    private static final Pattern EXPAND = Pattern.compile("(?i)^singleValueExtendedProperties\\(\\$filter=(.*)\\)$");
    private static final Pattern ID_EQ = Pattern.compile("(?i)^\\s*id eq '([^']*)'\\s*$");

    record ExtendedFilter(String id, String value) {
    }

    /**
     * The options of a "List ..." request: the extended property {@code $filter} (null without one),
     * {@code $top} (10 when absent, as Outlook pages lists), {@code $skip}, {@code $select} and the ids
     * {@code $expand} names.
     */
    record ListQuery(ExtendedFilter filter, int top, int skip, Set<String> select, List<String> expand) {
        static ListQuery of(java.util.Map<String, String> query) {
            String filter = query.get("$filter");
            return new ListQuery(filter == null ? null : extendedFilter(filter),
                    query.containsKey("$top") ? Integer.parseInt(query.get("$top")) : 10,
                    query.containsKey("$skip") ? Integer.parseInt(query.get("$skip")) : 0,
                    ODataQuery.select(query.get("$select")), expandedIds(query.get("$expand")));
        }
    }

    private ODataQuery() {
    }

    static ExtendedFilter extendedFilter(String filter) {
        Matcher m = ANY_EXTENDED.matcher(filter.strip());
        if (!m.matches()) throw new IllegalArgumentException("unsupported $filter: " + filter);
        return new ExtendedFilter(m.group(2), m.group(3));
    }

    static String displayNameFilter(String filter) {
        Matcher m = DISPLAY_NAME.matcher(filter.strip());
        if (!m.matches()) throw new IllegalArgumentException("unsupported $filter: " + filter);
        return m.group(1);
    }

    /** The extended property ids to expand; null when there is no $expand. */
    static List<String> expandedIds(String expand) {
        if (expand == null) return null;
        Matcher m = EXPAND.matcher(expand.strip());
        if (!m.matches()) throw new IllegalArgumentException("unsupported $expand: " + expand);
        var ids = new ArrayList<String>();
        for (String part : m.group(1).split("(?i)\\s+or\\s+")) {
            Matcher id = ID_EQ.matcher(part);
            if (!id.matches()) throw new IllegalArgumentException("unsupported $expand filter: " + part);
            ids.add(id.group(1));
        }
        return ids;
    }

    /**
     * An item as a query asks for it: only the {@code select}ed properties (with {@code @odata.etag} and
     * {@code id}; all when null), and under singleValueExtendedProperties those of {@code extended}
     * (key to {id as written, value}) that {@code expand} names (none when null).
     */
    static tools.jackson.databind.node.ObjectNode shaped(tools.jackson.databind.node.ObjectNode all, Set<String> select,
                                                        List<String> expand, java.util.Map<String, String[]> extended) {
        var out = all;
        if (select != null) {
            out = FakeExchange.JSON.createObjectNode();
            out.set("@odata.etag", all.get("@odata.etag"));
            out.set("id", all.get("id"));
            for (String name : select) if (all.has(name)) out.set(name, all.get(name));
        }
        if (expand != null) {
            var matches = FakeExchange.JSON.createArrayNode();
            for (String wanted : expand) {
                String[] p = extended.get(ExtendedIds.key(wanted));
                if (p != null) matches.addObject().put("id", p[0]).put("value", p[1]);
            }
            if (!matches.isEmpty()) out.set("singleValueExtendedProperties", matches);
        }
        return out;
    }

    /** $select as a set; null for none (all properties). */
    static Set<String> select(String select) {
        if (select == null || select.isBlank()) return null;
        var names = new LinkedHashSet<String>();
        for (String s : select.split(",")) if (!s.isBlank()) names.add(s.strip());
        return names;
    }
}
