package org.koppel.web.api;

import java.util.List;
import java.util.Map;

import org.koppel.runtime.ImportQueue;
import org.koppel.runtime.ImportQueue.Suggestion;
import org.koppel.security.KoppelUser;
import org.koppel.store.ImportQueueStore.Entry;
import org.koppel.store.LinkStore;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A connection's import queue (docs/sync.md, "Import queue"): list with suggestions, choose per entry
 * or for several at once, dismiss, and "Import all". Errors: 400 for input that cannot be read (an
 * unknown choice, no entries), 404 for a connection, entry or relation that is not there (or not the
 * caller's), 409 for an entry decided already or a relation linked to another card, 422 for a
 * relation that cannot stay linked or an "Import all" with nothing chosen; each names its field.
 */
@RestController
@RequestMapping("/api/v1/connections")
class ImportQueueApi {

    /** One entry as the API shows it: the card's values as slots, its choice, what it became, and suggestions. */
    record QueueEntry(long id, long connectionId, String peerId, String displayName, String status, String choice,
                      Long relationId, Long crmId, String importError, Map<String, String> values,
                      List<Suggestion> suggestions) {
    }

    /** {"as": "PERSON" | "ORGANISATION" | "LEAD" | "LINK" | null, "relationId": only with LINK}. */
    record ChoiceBody(String as, Long relationId) {
    }

    /** One choice for several entries: {"entryIds": [1, 2], "as": "LEAD"}. */
    record BulkChoice(List<Long> entryIds, String as) {
    }

    record Entries(List<Long> entryIds) {
    }

    record ImportAll(List<ImportQueue.Result> results, int waiting) {
    }

    record ImportDecision(ImportQueue.Decision as) {
    }

    private final ImportQueue queue;
    private final LinkStore links;

    ImportQueueApi(ImportQueue queue, LinkStore links) {
        this.queue = queue;
        this.links = links;
    }

    @GetMapping("/{id}/import-queue")
    List<QueueEntry> list(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        return shown(queue.of(id, user));
    }

    @PutMapping("/{id}/import-queue/{entryId}/choice")
    QueueEntry choose(@PathVariable long id, @PathVariable long entryId, @RequestBody ChoiceBody body,
                      @AuthenticationPrincipal KoppelUser user) {
        return shown(queue.choose(id, List.of(entryId), body.as(), body.relationId(), user)).getFirst();
    }

    @PostMapping("/{id}/import-queue/choices")
    List<QueueEntry> chooseMany(@PathVariable long id, @RequestBody BulkChoice body, @AuthenticationPrincipal KoppelUser user) {
        return shown(queue.choose(id, body.entryIds(), body.as(), null, user));
    }

    @PostMapping("/{id}/import-queue/dismissals")
    List<QueueEntry> dismiss(@PathVariable long id, @RequestBody Entries body, @AuthenticationPrincipal KoppelUser user) {
        return shown(queue.dismiss(id, body.entryIds(), user));
    }

    /** Imports every waiting entry with a choice, each on its own; a result per entry. */
    @PostMapping("/{id}/import-queue/import")
    ImportAll importAll(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        List<ImportQueue.Result> results = queue.importAll(id, user);
        return new ImportAll(results, queue.waiting(id));
    }

    /** Decides one entry and imports it at once: {"as": "PERSON" | "ORGANISATION" | "LEAD" | "DISMISS"}. */
    @PostMapping("/import-queue/{entryId}")
    QueueEntry decide(@PathVariable long entryId, @RequestBody ImportDecision decision,
                      @AuthenticationPrincipal KoppelUser user) {
        return shown(List.of(queue.decide(entryId, decision.as(), user))).getFirst();
    }

    private List<QueueEntry> shown(List<Entry> entries) {
        Map<Long, List<Suggestion>> suggestions = queue.suggestions(entries);
        return entries.stream().map(e -> new QueueEntry(e.id(), e.connectionId(), e.peerId(), e.displayName(), e.status(),
                e.choice(), e.choiceRelationId(), e.crmId(), e.importError(), links.decode(e.values()).values(),
                suggestions.getOrDefault(e.id(), List.of()))).toList();
    }
}
