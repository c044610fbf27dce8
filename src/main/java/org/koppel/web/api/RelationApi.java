package org.koppel.web.api;

import java.util.List;
import java.util.Map;

import org.koppel.crm.Change;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Page;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.store.ChangeLogStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;

/**
 * The REST resource of one relation kind; {@code /organisations}, {@code /persons} and
 * {@code /leads} are this class with a kind. Reads carry the version as ETag; writes take it as
 * If-Match (412 when stale) or as {@code version} in the body (409 when stale).
 */
abstract class RelationApi<R extends Relation> {

    static final int MAX_PAGE = 500;

    private final RelationKind kind;
    private final Class<R> type;
    private final Relations relations;
    private final ChangeLogStore changeLog;
    private final MergePatch mergePatch;
    private final LenientBody bodies;

    RelationApi(RelationKind kind, Class<R> type, Relations relations, ChangeLogStore changeLog, MergePatch mergePatch,
                LenientBody bodies) {
        this.kind = kind;
        this.type = type;
        this.relations = relations;
        this.changeLog = changeLog;
        this.mergePatch = mergePatch;
        this.bodies = bodies;
    }

    @GetMapping
    public Page<R> list(@RequestParam(required = false) String q, @RequestParam(required = false) String email,
                        @RequestParam(required = false) String phone, @RequestParam(required = false) Long manager,
                        @RequestParam(required = false) Long owner, @RequestParam(required = false) Boolean former,
                        @RequestParam(defaultValue = "false") boolean deleted, @RequestParam(required = false) Long group,
                        @RequestParam(defaultValue = "false") boolean syncFlagged,
                        @RequestParam(required = false) String sort, @RequestParam(required = false) String dir,
                        @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                        @AuthenticationPrincipal KoppelUser user) {
        checkPaging(page, size);
        var sorting = new java.util.HashMap<String, String>();
        if (sort != null) sorting.put("sort", sort);
        if (dir != null) sorting.put("dir", dir);
        var checks = new Checks();
        RelationListFilter order = RelationListFilter.strict(sorting, checks, "");
        checks.throwIfAny();
        var query = new RelationQuery(kind, Checks.clean(q), Checks.clean(email), Checks.clean(phone), manager, owner,
                former, deleted, group, syncFlagged ? user.employeeId() : null, order.sort(), order.descending(), page, size);
        return relations.search(query).map(type::cast);
    }

    /** The body is read leniently so that a value of the wrong type is refused together with every other problem. */
    @PostMapping
    public ResponseEntity<R> create(@RequestBody JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<R> input = bodies.read(body, type);
        R created = type.cast(relations.create(input.value(), input.problems(), user.origin()));
        return ETags.created(created.id(), created.version(), created);
    }

    @GetMapping("/{id}")
    public ResponseEntity<R> get(@PathVariable long id) {
        return withETag(relations.find(kind, id));
    }

    @PutMapping("/{id}")
    public ResponseEntity<R> replace(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<R> input = bodies.read(body, type);
        return withETag(relations.update(kind, id, ETags.expected(ifMatch, input.value().version()), input.value(),
                input.problems(), user.origin()));
    }

    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    public ResponseEntity<R> patch(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                   @RequestBody JsonNode patch, @AuthenticationPrincipal KoppelUser user) {
        if (!patch.isObject()) throw new InvalidInputException("body", "must be a JSON object");
        R current = type.cast(relations.find(kind, id));
        LenientBody.Read<R> patched = mergePatch.apply(current, patch, type);
        Long bodyVersion = patch.has("version") ? patched.value().version() : null;
        return withETag(relations.update(kind, id, ETags.expected(ifMatch, bodyVersion), patched.value(),
                patched.problems(), user.origin()));
    }

    /** Soft delete; {@code POST .../restore} undoes it. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @AuthenticationPrincipal KoppelUser user) {
        relations.delete(kind, id, ETags.version(ifMatch), user.origin());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/restore")
    public ResponseEntity<R> restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return withETag(relations.restore(kind, id, user.origin()));
    }

    @GetMapping("/{id}/sync-flag")
    public Map<String, Boolean> syncFlag(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        relations.find(kind, id);
        return Map.of("flagged", relations.isSyncFlagged(id, user.employeeId()));
    }

    @PutMapping("/{id}/sync-flag")
    public ResponseEntity<Void> flag(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        relations.setSyncFlag(kind, id, user.employeeId(), true, user.origin());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/sync-flag")
    public ResponseEntity<Void> unflag(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        relations.setSyncFlag(kind, id, user.employeeId(), false, user.origin());
        return ResponseEntity.noContent().build();
    }

    /** The record's history from the change log, newest first. */
    @GetMapping("/{id}/changes")
    public List<Change> changes(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        relations.find(kind, id);
        checkLimit(limit);
        return changeLog.forRecord(kind.recordType(), id, limit);
    }

    private ResponseEntity<R> withETag(Relation relation) {
        return ETags.ok(relation.version(), type.cast(relation));
    }

    static void checkPaging(int page, int size) {
        var checks = new Checks();
        if (page < 0) checks.problem("page", "must be 0 or more");
        if (size < 1 || size > MAX_PAGE) checks.problem("size", "must be between 1 and " + MAX_PAGE);
        checks.throwIfAny();
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
    }
}
