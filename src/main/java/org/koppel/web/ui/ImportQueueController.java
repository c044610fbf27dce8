package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.relation.Relation;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.ImportQueue;
import org.koppel.security.KoppelUser;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A connection's import queue: contacts made in the address book that wait for a person to say
 * what they become in Koppel (person, organisation or lead), or to dismiss them. Waiting entries
 * come first; decided ones below, with a link to what they became. Deciding works without
 * JavaScript; htmx swaps just the row.
 */
@Controller
@RequestMapping("/connections/{id}/import-queue")
class ImportQueueController {

    private final Connections connections;
    private final ImportQueue queue;
    private final LinkStore links;
    private final RelationStore relations;

    private final UiText text;

    ImportQueueController(Connections connections, ImportQueue queue, LinkStore links, RelationStore relations,
                          UiText text) {
        this.text = text;
        this.connections = connections;
        this.queue = queue;
        this.links = links;
        this.relations = relations;
    }

    /** One slot of a queued contact, as shown. */
    public record Field(String slot, String label, String value) {
    }

    /**
     * One queued contact with its values, the relations it may already be, its choice (and the
     * relation a link goes to) and, once imported, what it became.
     */
    public record Row(ImportQueueStore.Entry entry, String name, List<Field> fields, Relation relation,
                      List<ImportQueue.Suggestion> suggestions, Relation linkTo) {

        public boolean waiting() {
            return entry.status().equals("WAITING");
        }

        public boolean chosen(String choice) {
            return choice.equals(entry.choice());
        }

        /** The relation a link goes to, by name; by number when it is gone since. */
        public String linkName() {
            return linkTo == null ? "#" + entry.choiceRelationId() : linkTo.displayName();
        }

        public boolean dismissed() {
            return entry.status().equals("DISMISSED");
        }
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Connection connection = connections.find(id, user);
        List<ImportQueueStore.Entry> entries = queue.of(id, user);
        var ids = new ArrayList<Long>();
        entries.forEach(e -> {
            ids.add(e.crmId());
            ids.add(e.choiceRelationId());
        });
        Map<Long, Relation> known = relationsOf(ids);
        Map<Long, List<ImportQueue.Suggestion>> suggestions = queue.suggestions(entries);
        List<Row> rows = entries.stream().map(e -> new Row(e, nameOf(e), fields(e), e.crmId() == null ? null : known.get(e.crmId()),
                suggestions.getOrDefault(e.id(), List.of()),
                e.choiceRelationId() == null ? null : known.get(e.choiceRelationId()))).toList();
        var page = new ModelAndView("connections/import-queue");
        page.addObject("connection", connection);
        List<Row> waiting = rows.stream().filter(Row::waiting).toList();
        page.addObject("waiting", waiting);
        page.addObject("chosenCount", waiting.stream().filter(r -> r.entry().choice() != null).count());
        page.addObject("choices", ImportQueue.Choice.values());
        // the latest decisions first
        page.addObject("decided", rows.stream().filter(r -> !r.waiting())
                .sorted(Comparator.comparingLong((Row r) -> r.entry().id()).reversed()).toList());
        return page;
    }

    /** Gives one entry a choice (or clears it: empty {@code as}); nothing is imported until "Import all". */
    @PostMapping("/{entryId}/choice")
    String choose(@PathVariable long id, @PathVariable long entryId, @RequestParam(value = "as", required = false) String as,
                  @RequestParam(value = "relationId", required = false) Long relationId,
                  @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        return carryOut(id, redirect, () -> {
            var entry = queue.choose(id, List.of(entryId), as, relationId, user).getFirst();
            return text.of(entry.choice() == null ? "sync.queue.noChoiceNow" : "sync.queue.willImport", nameOf(entry));
        });
    }

    /** The selected entries get one choice, or are dismissed ({@code action=dismiss}). */
    @PostMapping("/selected")
    String chooseSelected(@PathVariable long id, @RequestParam(value = "entryIds", required = false) List<Long> entryIds,
                          @RequestParam(value = "as", required = false) String as,
                          @RequestParam(value = "action", defaultValue = "choose") String action,
                          @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        return carryOut(id, redirect, () -> {
            if (action.equals("dismiss")) {
                int n = queue.dismiss(id, entryIds, user).size();
                return text.of("sync.queue.dismissedCount", n);
            }
            if (as == null || as.isBlank()) throw new org.koppel.crm.InvalidInputException("as", text.of("sync.queue.chooseSelectedFirst"));
            int n = queue.choose(id, entryIds, as, null, user).size();
            String kind = text.orElse("sync.kind." + as.strip().toUpperCase(java.util.Locale.ROOT), as.toLowerCase(java.util.Locale.ROOT));
            return text.of("sync.queue.willImportSelected", n, kind);
        });
    }

    /** "Import all": every entry with a choice, each on its own; the page then lists what happened to each. */
    @PostMapping("/import")
    String importAll(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            List<ImportQueue.Result> results = queue.importAll(id, user);
            redirect.addFlashAttribute("results", results);
            long failed = results.stream().filter(r -> r.outcome() == ImportQueue.Outcome.ERROR).count();
            redirect.addFlashAttribute(failed == 0 ? "notice" : "problem", text.of(failed == 0 ? "sync.queue.importedAll"
                    : "sync.queue.importedSome", results.size() - failed, results.size()));
        } catch (org.koppel.crm.InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().getFirst().reason());
        }
        return "redirect:/connections/" + id + "/import-queue";
    }

    private String carryOut(long id, RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (org.koppel.crm.InvalidInputException e) {
            redirect.addFlashAttribute("problem", e.problems().stream().map(p -> p.field() + ": " + p.reason())
                    .collect(Collectors.joining("; ")));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/connections/" + id + "/import-queue";
    }

    @PostMapping("/{entryId}")
    ModelAndView decide(@PathVariable long id, @PathVariable long entryId, @RequestParam("as") String as,
                        @AuthenticationPrincipal KoppelUser user,
                        @RequestHeader(value = "HX-Request", required = false) String htmx, RedirectAttributes redirect) {
        // the entry must be this connection's, as the page it was decided on says
        ImportQueueStore.Entry entry = queue.of(id, user).stream().filter(e -> e.id() == entryId).findFirst()
                .orElseThrow(() -> new NotFoundException("import queue entry", entryId));
        ImportQueue.Decision decision = decision(as);
        String message;
        HttpStatus status = HttpStatus.OK;
        try {
            entry = queue.decide(entryId, decision, user);
            message = noticeFor(entry, decision);
        } catch (ConflictException e) {
            entry = queue.of(id, user).stream().filter(x -> x.id() == entryId).findFirst().orElse(entry);
            message = text.of("sync.queue.decidedAlready", nameOf(entry));
            status = HttpStatus.CONFLICT;
        }
        if (htmx == null) {
            redirect.addFlashAttribute(status == HttpStatus.OK ? "notice" : "problem", message);
            return new ModelAndView("redirect:/connections/" + id + "/import-queue");
        }
        var fragment = new ModelAndView("connections/import-queue :: decidedRow", status);
        fragment.addObject("connection", connections.find(id, user));
        Long crmId = entry.crmId();
        fragment.addObject("row", row(entry, crmId == null ? null : relationsOf(List.of(crmId)).get(crmId)));
        fragment.addObject("message", message);
        return fragment;
    }

    private static ImportQueue.Decision decision(String as) {
        try {
            return ImportQueue.Decision.valueOf(as.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "as must be person, organisation, lead or dismiss");
        }
    }

    private String noticeFor(ImportQueueStore.Entry entry, ImportQueue.Decision decision) {
        String name = nameOf(entry);
        return text.of("sync.queue.decided." + decision.name(), name);
    }

    private Row row(ImportQueueStore.Entry entry, Relation relation) {
        return new Row(entry, nameOf(entry), fields(entry), relation, List.of(), null);
    }

    private List<Field> fields(ImportQueueStore.Entry entry) {
        Snapshot values = links.decode(entry.values());
        List<Field> fields = new ArrayList<>();
        for (String slot : ContactSlots.ALL) {
            String value = values.get(slot);
            if (value != null && !value.isBlank()) fields.add(new Field(slot, ContactSlots.label(slot), value));
        }
        // slots Koppel does not know by name are shown too, under their own name
        values.values().forEach((slot, value) -> {
            if (!ContactSlots.ALL.contains(slot) && value != null && !value.isBlank()) {
                fields.add(new Field(slot, ContactSlots.label(slot), value));
            }
        });
        return fields;
    }

    private static String nameOf(ImportQueueStore.Entry entry) {
        return entry.displayName() == null || entry.displayName().isBlank() ? "—" : entry.displayName();
    }

    private Map<Long, Relation> relationsOf(List<Long> ids) {
        var distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) return Map.of();
        return relations.load(distinct).stream().collect(Collectors.toMap(Relation::id, Function.identity(), (a, b) -> a));
    }

}
