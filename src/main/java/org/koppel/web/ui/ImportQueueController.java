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

    ImportQueueController(Connections connections, ImportQueue queue, LinkStore links, RelationStore relations) {
        this.connections = connections;
        this.queue = queue;
        this.links = links;
        this.relations = relations;
    }

    /** One slot of a queued contact, as shown. */
    public record Field(String label, String value) {
    }

    /** One queued contact with its values and, once imported, what it became. */
    public record Row(ImportQueueStore.Entry entry, String name, List<Field> fields, Relation relation) {

        public boolean waiting() {
            return entry.status().equals("WAITING");
        }

        public boolean dismissed() {
            return entry.status().equals("DISMISSED");
        }
    }

    @GetMapping
    ModelAndView show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Connection connection = connections.find(id, user);
        List<ImportQueueStore.Entry> entries = queue.of(id, user);
        Map<Long, Relation> made = relationsOf(entries.stream().map(ImportQueueStore.Entry::crmId).toList());
        List<Row> rows = entries.stream().map(e -> row(e, e.crmId() == null ? null : made.get(e.crmId()))).toList();
        var page = new ModelAndView("connections/import-queue");
        page.addObject("connection", connection);
        page.addObject("waiting", rows.stream().filter(Row::waiting).toList());
        // the latest decisions first
        page.addObject("decided", rows.stream().filter(r -> !r.waiting())
                .sorted(Comparator.comparingLong((Row r) -> r.entry().id()).reversed()).toList());
        return page;
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
            message = "'" + nameOf(entry) + "' was decided already, by you or someone else.";
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
        return switch (decision) {
            case DISMISS -> "Dismissed '" + name + "'. It is not queued again.";
            case PERSON -> "'" + name + "' is now a person in Koppel; the next run links it to the address book.";
            case ORGANISATION -> "'" + name + "' is now an organisation in Koppel.";
            case LEAD -> "'" + name + "' is now a lead in Koppel.";
        };
    }

    private Row row(ImportQueueStore.Entry entry, Relation relation) {
        Snapshot values = links.decode(entry.values());
        List<Field> fields = new ArrayList<>();
        for (String slot : ContactSlots.ALL) {
            String value = values.get(slot);
            if (value != null && !value.isBlank()) fields.add(new Field(ContactSlots.label(slot), value));
        }
        // slots Koppel does not know by name are shown too, under their own name
        values.values().forEach((slot, value) -> {
            if (!ContactSlots.ALL.contains(slot) && value != null && !value.isBlank()) {
                fields.add(new Field(ContactSlots.label(slot), value));
            }
        });
        return new Row(entry, nameOf(entry), fields, relation);
    }

    private static String nameOf(ImportQueueStore.Entry entry) {
        return entry.displayName() == null || entry.displayName().isBlank() ? "(no name)" : entry.displayName();
    }

    private Map<Long, Relation> relationsOf(List<Long> ids) {
        var distinct = ids.stream().filter(Objects::nonNull).distinct().toList();
        if (distinct.isEmpty()) return Map.of();
        return relations.load(distinct).stream().collect(Collectors.toMap(Relation::id, Function.identity(), (a, b) -> a));
    }
}
