package org.koppel.web.api;

import java.util.List;
import java.util.Map;

import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.security.KoppelUser;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.RunReport;
import org.koppel.sync.SyncConflict;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connections of the signed-in employee (admins see all). The secret goes in once, encrypted, and
 * never comes out. Removing a connection deletes nothing in the CRM or in the peer.
 */
@RestController
@RequestMapping("/api/v1/connections")
class ConnectionApi {

    /** A new connection: {@code settings} are the peer's (for carddav: url, username, addressBook). */
    record NewConnection(String type, String name, Map<String, String> settings, String secret) {
    }

    private final Connections connections;
    private final SyncRunner runner;
    private final SyncRunStore runs;
    private final org.koppel.runtime.ContactReviews reviews;

    private final org.koppel.runtime.SourceMappings sourceMappings;

    ConnectionApi(Connections connections, SyncRunner runner, SyncRunStore runs,
                  org.koppel.runtime.ContactReviews reviews,
                  org.koppel.runtime.SourceMappings sourceMappings) {
        this.sourceMappings = sourceMappings;
        this.reviews = reviews;
        this.connections = connections;
        this.runner = runner;
        this.runs = runs;
    }

    @GetMapping
    List<Connection> list(@AuthenticationPrincipal KoppelUser user) {
        return connections.visibleTo(user);
    }

    @PostMapping
    ResponseEntity<Connection> create(@RequestBody NewConnection input, @AuthenticationPrincipal KoppelUser user) {
        Connection created = connections.create(input.type(), input.name(), input.settings(), input.secret(), user);
        return ETags.created(created.id(), created.version(), created);
    }

    @GetMapping("/{id}")
    ResponseEntity<Connection> get(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Connection c = connections.find(id, user);
        return ETags.ok(c.version(), c);
    }

    record Access(Map<String, String> settings, String secret) {
    }

    /** A new (app) password, e.g. after "needs sign-in"; settings given are changed too. */
    /**
     * A source-system connection's relation types as the source has them, each with the Koppel relation type it
     * is synced as (null: not synced), and what an archived relation becomes; asked of the source each time.
     */
    @GetMapping("/{id}/source-relation-types")
    org.koppel.runtime.SourceMappings.Mapping sourceRelationTypes(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return sourceMappings.mapping(id, user);
    }

    @PutMapping("/{id}/access")
    Connection access(@PathVariable long id, @RequestBody Access input, @AuthenticationPrincipal KoppelUser user) {
        return connections.updateAccess(id, input.settings(), input.secret(), user);
    }

    /** Sync now: runs at once and answers with the run report (409 while a run is under way). */
    @PostMapping("/{id}/runs")
    RunReport syncNow(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        connections.find(id, user);
        return runner.run(id, "sync-now");
    }

    @GetMapping("/{id}/runs")
    List<RunReport> runs(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        connections.find(id, user);
        return runs.recent(id, 20);
    }

    /** The run under way: {"running": true, "runId", "done", "total", "startedAt"}, or {"running": false}. */
    @GetMapping("/{id}/progress")
    Map<String, Object> progress(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        connections.find(id, user);
        return runs.running(id, java.time.Instant.now()).<Map<String, Object>>map(p -> Map.of("running", true, "runId", p.runId(),
                "done", p.done(), "total", p.total(), "startedAt", p.startedAt())).orElse(Map.of("running", false));
    }

    @GetMapping("/{id}/runs/{runId}")
    RunReport run(@PathVariable long id, @PathVariable long runId, @AuthenticationPrincipal KoppelUser user) {
        connections.find(id, user);
        return runs.find(runId).filter(r -> r.connectionId() == id)
                .orElseThrow(() -> new org.koppel.crm.NotFoundException("run", runId));
    }

    @PostMapping("/{id}/pause")
    Connection pause(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return connections.pause(id, user);
    }

    @PostMapping("/{id}/resume")
    Connection resume(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return connections.resume(id, user);
    }

    /** Allows the run the mass-change guard stopped. */
    @PostMapping("/{id}/confirm")
    Connection confirm(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return connections.confirmMassChange(id, user);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        connections.delete(id, user);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/conflicts")
    List<SyncConflict> conflicts(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return connections.conflicts(id, user);
    }

    /** Peer changes held for review: Outlook turned a contact into another person (merge by e-mail address). */
    @GetMapping("/{id}/reviews")
    List<org.koppel.store.ContactReviewStore.Review> reviews(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return reviews.of(id, user);
    }

    /** The held change goes into Koppel with the next run (started now). */
    @PostMapping("/{id}/reviews/{reviewId}/accept")
    org.koppel.store.ContactReviewStore.Review accept(@PathVariable long id, @PathVariable long reviewId,
                                                      @AuthenticationPrincipal KoppelUser user) {
        return reviews.accept(id, reviewId, user);
    }

    /** Koppel's values go back over the peer's change with the next run (started now). */
    @PostMapping("/{id}/reviews/{reviewId}/reject")
    org.koppel.store.ContactReviewStore.Review reject(@PathVariable long id, @PathVariable long reviewId,
                                                      @AuthenticationPrincipal KoppelUser user) {
        return reviews.reject(id, reviewId, user);
    }

    /** Admins: put a conflict's losing value back into the CRM; the next run carries it to the peer. */
    @PostMapping("/conflicts/{conflictId}/restore")
    ResponseEntity<Void> restore(@PathVariable long conflictId, @AuthenticationPrincipal KoppelUser user) {
        connections.restore(conflictId, user);
        return ResponseEntity.noContent().build();
    }
}
