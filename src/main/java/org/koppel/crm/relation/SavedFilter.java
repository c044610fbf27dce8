package org.koppel.crm.relation;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A named filter + sort of the relation list, kept by one employee ({@code ownerId}); a shared one
 * (only admins share) is offered to everyone. {@code filter} holds the list's URL parameters.
 */
public record SavedFilter(long id, long ownerId, String name, boolean shared, Map<String, String> filter,
                          Instant createdAt) {

    /** The list page showing it. */
    @com.fasterxml.jackson.annotation.JsonProperty("href")
    public String href() {
        var url = org.springframework.web.util.UriComponentsBuilder.fromPath("/relations");
        filter.forEach(url::queryParam);
        return url.encode().build().toUriString();
    }

    @JsonIgnore
    public RelationListFilter listFilter() {
        return RelationListFilter.lenient(filter);
    }
}
