package org.koppel.web.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.SavedFilter;
import org.koppel.crm.relation.SavedFilters;
import org.koppel.security.KoppelUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Saved filters of the relation list: one's own and the shared ones. {@code filter} takes the list's
 * parameters ({@code {"manager": 7, "sort": "city", "dir": "desc"}}); {@code href} is the list page showing it.
 */
@RestController
@RequestMapping("/api/v1/saved-filters")
class SavedFilterApi {

    private final SavedFilters filters;

    SavedFilterApi(SavedFilters filters) {
        this.filters = filters;
    }

    @GetMapping
    List<SavedFilter> list(@AuthenticationPrincipal KoppelUser user) {
        return filters.visibleTo(user.employeeId());
    }

    @GetMapping("/{id}")
    SavedFilter get(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return filters.find(id, user.employeeId());
    }

    @PostMapping
    ResponseEntity<SavedFilter> create(@RequestBody @ReadAs(SavedFilterBody.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        if (body == null || !body.isObject()) checks.problem("body", "must be a JSON object with name and filter").throwIfAny();
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && !name.isString()) checks.problem("name", "must be text");
        JsonNode shared = body.get("shared");
        if (shared != null && !shared.isNull() && !shared.isBoolean()) checks.problem("shared", "must be true or false");
        JsonNode filterNode = body.get("filter");
        RelationListFilter filter = RelationListFilter.none();
        if (filterNode != null && !filterNode.isNull()) {
            if (!filterNode.isObject()) checks.problem("filter", "must be an object such as {\"manager\": 7}");
            else filter = RelationListFilter.strict(BulkRequests.scalars(filterNode, "filter.", checks), checks, "filter.");
        }
        body.propertyNames().stream().filter(k -> !List.of("name", "shared", "filter").contains(k))
                .forEach(k -> checks.problem(k, "is not a field of a saved filter (name, shared, filter)"));
        checks.throwIfAny();
        SavedFilter saved = filters.save(user.employeeId(), user.admin(), name == null || name.isNull() ? null : name.asString(),
                shared != null && shared.asBoolean(), filter);
        return ResponseEntity.created(URI.create("/api/v1/saved-filters/" + saved.id())).body(saved);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        filters.delete(id, user.employeeId(), user.admin());
        return ResponseEntity.noContent().build();
    }

}
