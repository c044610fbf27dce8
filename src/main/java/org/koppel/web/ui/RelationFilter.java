package org.koppel.web.ui;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.RelationQuery;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters of the relations list, as query parameters, so a filtered list can be bookmarked
 * and paged. Unknown values fall back to "all": a list filter should never refuse to show a page.
 *
 * @param kind all, organisation, person or lead
 * @param former any, yes or no
 * @param page zero-based
 */
public record RelationFilter(String kind, String q, Long manager, Long owner, String former, Boolean deleted,
                             Integer page) {

    static final int PAGE_SIZE = 25;

    RelationQuery query() {
        return new RelationQuery(RelationKinds.parse(kind).orElse(null), Checks.clean(q), null, null, manager, owner,
                formerFilter(), showDeleted(), null, null, pageNumber(), PAGE_SIZE);
    }

    public String kindOrAll() {
        return RelationKinds.parse(kind).map(RelationKinds::param).orElse("all");
    }

    public String formerOrAny() {
        Boolean former = formerFilter();
        return former == null ? "any" : former ? "yes" : "no";
    }

    /** An unticked checkbox sends nothing, hence a Boolean that may be null. */
    public boolean showDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    public int pageNumber() {
        return page == null || page < 0 ? 0 : page;
    }

    /** The address of another page of this same listing. */
    public String pageUrl(int newPage) {
        var url = UriComponentsBuilder.fromPath("/relations");
        if (!kindOrAll().equals("all")) url.queryParam("kind", kindOrAll());
        if (Checks.clean(q) != null) url.queryParam("q", Checks.clean(q));
        if (manager != null) url.queryParam("manager", manager);
        if (owner != null) url.queryParam("owner", owner);
        if (!formerOrAny().equals("any")) url.queryParam("former", formerOrAny());
        if (showDeleted()) url.queryParam("deleted", true);
        if (newPage > 0) url.queryParam("page", newPage);
        return url.encode().build().toUriString();
    }

    private Boolean formerFilter() {
        if ("yes".equals(former)) return true;
        if ("no".equals(former)) return false;
        return null;
    }
}
