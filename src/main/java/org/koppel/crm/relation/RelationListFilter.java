package org.koppel.crm.relation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.Checks;

/**
 * The filter and sort of the relation list, written the way the list's URL writes them
 * ({@code kind=person&manager=7&sort=city&dir=desc}): one form for a bookmarked link, a saved
 * filter, an export and a bulk change "of all matching". Paging is not part of it.
 *
 * @param flagged only the relations the reader has flagged for sync ("my address book")
 */
public record RelationListFilter(RelationKind kind, String q, Long managerId, Long ownerId, Boolean former,
                                 Long groupId, boolean deleted, boolean flagged, RelationSort sort, boolean descending) {

    public static final Set<String> PARAMS = Set.of("kind", "q", "manager", "owner", "former", "group", "deleted",
            "flagged", "sort", "dir");

    public RelationListFilter {
        q = Checks.clean(q);
        if (sort == null) sort = RelationSort.NAME;
    }

    public static RelationListFilter none() {
        return new RelationListFilter(null, null, null, null, null, null, false, false, RelationSort.NAME, false);
    }

    /** Reads the list's parameters leniently: what cannot be read is left out (a list should always show). */
    public static RelationListFilter lenient(Map<String, String> params) {
        return read(params, null, "");
    }

    /** Reads the parameters strictly: an unknown key or value is a problem named {@code prefix + key}. */
    public static RelationListFilter strict(Map<String, String> params, Checks checks, String prefix) {
        return read(params, checks, prefix);
    }

    private static RelationListFilter read(Map<String, String> params, Checks checks, String prefix) {
        if (checks != null) {
            params.keySet().stream().filter(k -> !PARAMS.contains(k)).sorted().forEach(k -> checks.problem(prefix + k,
                    "is not a filter; use " + PARAMS.stream().sorted().collect(Collectors.joining(", "))));
        }
        String kindText = blankToNull(params.get("kind"));
        RelationKind kind = null;
        if (kindText != null && !kindText.equalsIgnoreCase("all")) {
            kind = kind(kindText);
            if (kind == null && checks != null) checks.problem(prefix + "kind", "must be all, organisation, person or lead");
        }
        String formerText = blankToNull(params.get("former"));
        Boolean former = null;
        if ("yes".equalsIgnoreCase(formerText) || "true".equalsIgnoreCase(formerText)) former = true;
        else if ("no".equalsIgnoreCase(formerText) || "false".equalsIgnoreCase(formerText)) former = false;
        else if (formerText != null && !formerText.equalsIgnoreCase("any") && checks != null) {
            checks.problem(prefix + "former", "must be any, yes or no");
        }
        String sortText = blankToNull(params.get("sort"));
        RelationSort sort = RelationSort.parse(sortText).orElse(RelationSort.NAME);
        if (sortText != null && RelationSort.parse(sortText).isEmpty() && checks != null) {
            checks.problem(prefix + "sort", "must be one of " + java.util.Arrays.stream(RelationSort.values())
                    .map(RelationSort::param).collect(Collectors.joining(", ")));
        }
        String dirText = blankToNull(params.get("dir"));
        boolean descending = dirText == null ? sort.descendingFirst() : dirText.equalsIgnoreCase("desc");
        if (dirText != null && !dirText.equalsIgnoreCase("asc") && !dirText.equalsIgnoreCase("desc") && checks != null) {
            checks.problem(prefix + "dir", "must be asc or desc");
        }
        return new RelationListFilter(kind, params.get("q"), id(params, "manager", checks, prefix),
                id(params, "owner", checks, prefix), former, id(params, "group", checks, prefix),
                flag(params, "deleted", checks, prefix), flag(params, "flagged", checks, prefix), sort, descending);
    }

    /** The parameters that differ from the unfiltered list by name, in a fixed order: a saved filter's text. */
    public Map<String, String> params() {
        var params = new LinkedHashMap<String, String>();
        if (kind != null) params.put("kind", kind.name().toLowerCase(Locale.ROOT));
        if (q != null) params.put("q", q);
        if (managerId != null) params.put("manager", managerId.toString());
        if (ownerId != null) params.put("owner", ownerId.toString());
        if (former != null) params.put("former", former ? "yes" : "no");
        if (groupId != null) params.put("group", groupId.toString());
        if (deleted) params.put("deleted", "true");
        if (flagged) params.put("flagged", "true");
        if (sort != RelationSort.NAME) params.put("sort", sort.param());
        if (descending != sort.descendingFirst()) params.put("dir", descending ? "desc" : "asc");
        return params;
    }

    /** The query for one page; {@code reader} is whose sync flags {@code flagged} means. */
    public RelationQuery query(long reader, int page, int size) {
        return new RelationQuery(kind, q, null, null, managerId, ownerId, former, deleted, groupId,
                flagged ? reader : null, sort, descending, page, size);
    }

    public RelationListFilter sortedBy(RelationSort newSort, boolean newDescending) {
        return new RelationListFilter(kind, q, managerId, ownerId, former, groupId, deleted, flagged, newSort, newDescending);
    }

    private static RelationKind kind(String text) {
        for (RelationKind k : RelationKind.values()) {
            if (k.name().equalsIgnoreCase(text)) return k;
        }
        return null;
    }

    private static Long id(Map<String, String> params, String key, Checks checks, String prefix) {
        String text = blankToNull(params.get(key));
        if (text == null) return null;
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            if (checks != null) checks.problem(prefix + key, "must be an id (a whole number)");
            return null;
        }
    }

    private static boolean flag(Map<String, String> params, String key, Checks checks, String prefix) {
        String text = blankToNull(params.get(key));
        if (text == null) return false;
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false") && checks != null) {
            checks.problem(prefix + key, "must be true or false");
        }
        return text.equalsIgnoreCase("true");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
