package org.koppel.web.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.RelationSort;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters, sort and page of the relations list, as query parameters, so a filtered and sorted
 * list can be bookmarked, saved and paged. Unknown values fall back to "all": a list filter should
 * never refuse to show a page.
 *
 * @param kind all, organisation, person or lead
 * @param former any, yes or no
 * @param sort name, kind, manager, city or changed
 * @param dir asc or desc
 * @param page zero-based
 * @param size one of {@link #PAGE_SIZES}
 */
public record RelationFilter(String kind, String q, Long manager, Long owner, String former, Boolean deleted,
                             Long group, Boolean flagged, String sort, String dir, Integer page, Integer size) {

    static final int PAGE_SIZE = 25;
    public static final List<Integer> PAGE_SIZES = List.of(25, 50, 100, 200);

    RelationQuery query(long reader) {
        return listFilter().query(reader, pageNumber(), pageSize());
    }

    /** The filter and sort without the page: what a saved filter, an export or a bulk change of all matching takes. */
    public RelationListFilter listFilter() {
        var params = new HashMap<String, String>();
        put(params, "kind", kind);
        put(params, "q", q);
        put(params, "manager", manager);
        put(params, "owner", owner);
        put(params, "former", former);
        put(params, "group", group);
        put(params, "deleted", deleted);
        put(params, "flagged", flagged);
        put(params, "sort", sort);
        put(params, "dir", dir);
        return RelationListFilter.lenient(params);
    }

    public String kindOrAll() {
        var k = listFilter().kind();
        return k == null ? "all" : RelationKinds.param(k);
    }

    public String formerOrAny() {
        Boolean f = listFilter().former();
        return f == null ? "any" : f ? "yes" : "no";
    }

    /** An unticked checkbox sends nothing, hence a Boolean that may be null. */
    public boolean showDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    public boolean onlyFlagged() {
        return Boolean.TRUE.equals(flagged);
    }

    public int pageNumber() {
        return page == null || page < 0 ? 0 : page;
    }

    public int pageSize() {
        return size != null && PAGE_SIZES.contains(size) ? size : PAGE_SIZE;
    }

    public String sortParam() {
        return listFilter().sort().param();
    }

    public boolean descending() {
        return listFilter().descending();
    }

    /** aria-sort of a column header: screen readers say which column orders the list, and how. */
    public String ariaSort(String column) {
        if (!column.equals(sortParam())) return "none";
        return descending() ? "descending" : "ascending";
    }

    /** The address that sorts by this column: its usual direction first, the other one when it already sorts. */
    public String sortUrl(String column) {
        RelationSort target = RelationSort.parse(column).orElse(RelationSort.NAME);
        RelationListFilter current = listFilter();
        boolean desc = current.sort() == target ? !current.descending() : target.descendingFirst();
        return url(current.sortedBy(target, desc), 0, pageSize());
    }

    /** The address of another page of this same listing. */
    public String pageUrl(int newPage) {
        return url(listFilter(), newPage, pageSize());
    }

    /** The same listing with another page size, from its first page. */
    public String sizeUrl(int newSize) {
        return url(listFilter(), 0, newSize);
    }

    /** The list's filter and sort as a query string (no page): for export links and saved filters. */
    public String filterQuery() {
        var url = UriComponentsBuilder.newInstance();
        listFilter().params().forEach(url::queryParam);
        String query = url.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static String url(RelationListFilter filter, int page, int size) {
        var url = UriComponentsBuilder.fromPath("/relations");
        filter.params().forEach(url::queryParam);
        if (size != PAGE_SIZE) url.queryParam("size", size);
        if (page > 0) url.queryParam("page", page);
        return url.encode().build().toUriString();
    }

    private static void put(Map<String, String> params, String key, Object value) {
        if (value == null) return;
        String text = value.toString();
        if (key.equals("q")) text = Checks.clean(text);
        if (text != null) params.put(key, text);
    }
}
