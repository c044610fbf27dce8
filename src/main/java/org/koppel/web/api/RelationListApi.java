package org.koppel.web.api;

import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.Page;
import org.koppel.crm.bulk.BulkChanges;
import org.koppel.crm.bulk.BulkReport;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Relations of every kind as one list, filtered and sorted as the list page does (the same
 * parameters: kind, q, manager, owner, former, group, deleted, flagged, sort, dir), and bulk
 * changes of a selection of them.
 */
@RestController
@RequestMapping("/api/v1/relations")
class RelationListApi {

    private final Relations relations;
    private final BulkChanges bulk;

    RelationListApi(Relations relations, BulkChanges bulk) {
        this.relations = relations;
        this.bulk = bulk;
    }

    @GetMapping
    Page<Relation> list(@RequestParam Map<String, String> params, @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        var filterParams = new java.util.HashMap<>(params);
        int page = number(filterParams.remove("page"), 0, "page", checks);
        int size = number(filterParams.remove("size"), 50, "size", checks);
        RelationListFilter filter = RelationListFilter.strict(filterParams, checks, "");
        checks.throwIfAny();
        RelationApi.checkPaging(page, size);
        return relations.search(filter.query(user.employeeId(), page, size));
    }

    /**
     * One action on the selected relations (ids, or every relation a filter matches), in one
     * transaction; the answer lists each relation as changed, unchanged or refused with the reason.
     */
    @PostMapping("/bulk")
    Map<String, Object> bulk(@RequestBody @ReadAs(BulkBody.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        BulkRequests.Read read = BulkRequests.read(body);
        var ids = read.ids() != null ? read.ids() : bulk.idsMatching(read.filter(), user.employeeId());
        BulkReport report = bulk.apply(ids, read.action(), GroupEditor.employee(user.origin(), user.employeeId(), user.admin()));
        return Map.of("changed", report.changed(), "unchanged", report.unchanged(), "refused", report.refused(),
                "results", report.results());
    }

    static int number(String text, int fallback, String field, Checks checks) {
        if (text == null || text.isBlank()) return fallback;
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            checks.problem(field, "must be a whole number");
            return fallback;
        }
    }
}
