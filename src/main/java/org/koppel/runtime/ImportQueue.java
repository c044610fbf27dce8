package org.koppel.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.UnprocessableException;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.ImportQueueStore.Entry;
import org.koppel.store.LinkStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The import queue (reference/cloud-contacts-import-queue-it.txt): cards from an address book wait
 * until a person chooses what each becomes in Koppel (an organisation, a person or a lead; or a link
 * to a relation Koppel already has, suggested by e-mail address or phone number), and "Import all"
 * then imports every entry with a choice, and only those. Several entries may get one choice at
 * once, which the document's product cannot do. Each entry is imported in its own transaction: one
 * that fails keeps waiting with its choice and the reason, and leaves nothing half-written.
 *
 * <p>An imported relation is managed by the connection's owner and carries the owner's sync flag, so
 * it stays in their address book; the next run links its card to it ({@link PeerImports}).
 */
@Service
public class ImportQueue {

    /** Deciding one entry at once (the first version of the queue, kept for its API and page). */
    public enum Decision { ORGANISATION, PERSON, LEAD, DISMISS }

    /** What a waiting entry is to become when "Import all" is pressed. */
    public enum Choice { ORGANISATION, PERSON, LEAD, LINK }

    /**
     * A relation a card may already be: it holds one of the card's e-mail addresses or phone numbers.
     * {@code linkedHere}: it is in this address book already, as another card; the card is then a
     * duplicate to dismiss, as it cannot be linked to it.
     */
    public record Suggestion(long relationId, RelationKind kind, String displayName, String matchedOn, boolean linkedHere) {
    }

    /** What "Import all" did with one entry. */
    public record Result(long entryId, String displayName, Outcome outcome, Long crmId, String error) {
    }

    public enum Outcome { IMPORTED, LINKED, ERROR }

    /** Suggestions per entry: a handful is what a person reads. */
    static final int SUGGESTIONS = 5;
    /**
     * Entries looked up per call, the oldest waiting first: each is one search of the relations' search
     * text, and a first sync of a large address book queues thousands at once. The others get theirs
     * as the queue shrinks.
     */
    static final int SUGGESTED_ENTRIES = 200;
    /** Entries one choice may be given to at once, as one request. */
    public static final int MAX_BULK = 1000;

    private final ImportQueueStore store;
    private final Connections connections;
    private final ConnectionStore connectionStore;
    private final Relations relations;
    private final RelationStore relationStore;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncSettings settings;
    private final TransactionTemplate transactions;
    private final PeerImports imports;
    private final Clock clock;

    public ImportQueue(ImportQueueStore store, Connections connections, ConnectionStore connectionStore,
                       Relations relations, RelationStore relationStore, LinkStore links, SyncConfigStore config,
                       SyncSettings settings, TransactionTemplate transactions, PeerImports imports, Clock clock) {
        this.imports = imports;
        this.store = store;
        this.connections = connections;
        this.connectionStore = connectionStore;
        this.relations = relations;
        this.relationStore = relationStore;
        this.links = links;
        this.config = config;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
    }

    public List<Entry> of(long connectionId, KoppelUser user) {
        connections.find(connectionId, user);
        return store.ofConnection(connectionId);
    }

    /** How many entries wait, for the connection page and the run report. */
    public int waiting(long connectionId) {
        return store.waiting(connectionId);
    }

    /**
     * Gives waiting entries of one connection a choice, or clears it ({@code as} null). A link names
     * the existing relation; the other choices name none. Nothing is imported yet.
     *
     * @throws InvalidInputException (400) an unknown choice, no entries, a relation named where none belongs or missing
     * @throws NotFoundException (404) the connection, an entry of it or the relation to link does not exist
     * @throws ConflictException (409) an entry was decided already, or the relation is linked to another card here
     * @throws UnprocessableException (422) the relation to link is deleted or former: it could never stay linked
     */
    public List<Entry> choose(long connectionId, Collection<Long> entryIds, String as, Long relationId, KoppelUser user) {
        Connection connection = connections.find(connectionId, user);
        Choice choice = choice(as);
        if (entryIds == null || entryIds.isEmpty()) throw new InvalidInputException("entryIds", "name at least one entry");
        if (entryIds.size() > MAX_BULK) {
            throw new InvalidInputException("entryIds", "names " + entryIds.size() + " entries; at most " + MAX_BULK + " at once");
        }
        List<Entry> entries = entriesOf(connectionId, entryIds);
        if (choice == Choice.LINK) {
            if (relationId == null) throw new InvalidInputException("relationId", "is required to link to an existing relation");
            if (entryIds.size() > 1) {
                throw new InvalidInputException("entryIds", "a relation is linked to one card; choose LINK for one entry");
            }
            requireLinkable(connection, relationId, entries.getFirst().id());
        } else if (relationId != null) {
            throw new InvalidInputException("relationId", "only a LINK names an existing relation");
        }
        for (Entry e : entries) {
            if (!e.waiting()) throw new ConflictException("import queue entry " + e.id() + " was decided already");
        }
        store.choose(entries.stream().map(Entry::id).toList(), choice == null ? null : choice.name(),
                choice == Choice.LINK ? relationId : null, user.employeeId());
        return entriesOf(connectionId, entryIds);
    }

    /** Leaves entries out of Koppel: they are not queued again. */
    public List<Entry> dismiss(long connectionId, Collection<Long> entryIds, KoppelUser user) {
        connections.find(connectionId, user);
        if (entryIds == null || entryIds.isEmpty()) throw new InvalidInputException("entryIds", "name at least one entry");
        List<Entry> entries = entriesOf(connectionId, entryIds);
        for (Entry e : entries) {
            if (!e.waiting()) throw new ConflictException("import queue entry " + e.id() + " was decided already");
        }
        transactions.executeWithoutResult(tx -> entries.forEach(e -> {
            if (!store.decide(e.id(), "DISMISSED", e.choice(), null, user.employeeId(), clock.instant())) {
                throw new ConflictException("import queue entry " + e.id() + " was decided meanwhile");
            }
        }));
        return entriesOf(connectionId, entryIds);
    }

    /**
     * "Import all": every waiting entry of the connection with a choice, each in its own transaction,
     * with a result per entry. The next run links the cards (one is asked for at once).
     *
     * @throws UnprocessableException (422) no waiting entry has a choice: there is nothing to import
     */
    public List<Result> importAll(long connectionId, KoppelUser user) {
        Connection connection = connections.find(connectionId, user);
        List<Entry> chosen = store.chosen(connectionId);
        if (chosen.isEmpty()) {
            throw new UnprocessableException("choice", "no waiting entry has a choice yet; choose organisation, person, "
                    + "lead or a relation to link first");
        }
        var results = new ArrayList<Result>();
        for (Entry entry : chosen) results.add(importOne(connection, entry, user));
        if (results.stream().anyMatch(r -> r.outcome() != Outcome.ERROR)) connectionStore.requestRun(connectionId);
        return results;
    }

    /** Decides one entry and imports it at once (the queue's first API and page; "Import all" does the same for many). */
    public Entry decide(long entryId, Decision decision, KoppelUser user) {
        var entry = store.find(entryId).orElseThrow(() -> new NotFoundException("import queue entry", entryId));
        Connection connection = connections.find(entry.connectionId(), user);
        if (!entry.waiting()) throw new ConflictException("import queue entry " + entryId + " was decided already");
        if (decision == null) throw new InvalidInputException("as", "must be organisation, person, lead or dismiss");
        if (decision == Decision.DISMISS) return dismiss(entry.connectionId(), List.of(entryId), user).getFirst();
        Entry chosen = new Entry(entry.id(), entry.connectionId(), entry.peerId(), entry.values(), entry.displayName(),
                entry.status(), null, decision.name(), null, null);
        Result result = importOne(connection, chosen, user);
        if (result.outcome() == Outcome.ERROR) {
            throw new InvalidInputException("as", "'" + entry.displayName() + "' cannot be imported as "
                    + decision.name().toLowerCase(Locale.ROOT) + ": " + result.error());
        }
        connectionStore.requestRun(entry.connectionId());
        return store.find(entryId).orElseThrow();
    }

    /** Relations that may already be what each entry is, by its e-mail addresses and phone numbers. */
    public Map<Long, List<Suggestion>> suggestions(List<Entry> entries) {
        var result = new LinkedHashMap<Long, List<Suggestion>>();
        for (Entry e : entries.stream().filter(Entry::waiting).limit(SUGGESTED_ENTRIES).toList()) {
            Snapshot v = links.decode(e.values());
            List<String> emails = present(v, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME);
            List<String> phones = present(v, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME, ContactSlots.TEL_CELL);
            List<Long> ids = relationStore.withEmailOrPhone(emails, phones, SUGGESTIONS);
            if (ids.isEmpty()) continue;
            var found = new ArrayList<Suggestion>();
            Set<Long> linked = links.linkedAmong(e.connectionId(), DataType.CONTACTS, ids);
            for (Relation r : relationStore.load(ids)) {
                found.add(new Suggestion(r.id(), r.kind(), r.displayName(), matchedOn(r, emails, phones), linked.contains(r.id())));
            }
            result.put(e.id(), found);
        }
        return result;
    }

    // ---- importing one entry --------------------------------------------------------------------

    private Result importOne(Connection connection, Entry entry, KoppelUser user) {
        Choice choice = Choice.valueOf(entry.choice());
        try {
            Long crmId = transactions.execute(tx -> {
                long id = choice == Choice.LINK ? linked(connection, entry) : created(connection, entry, choice);
                requireStaysInAddressBook(connection, id);
                if (!store.decide(entry.id(), "IMPORTED", choice.name(), id, user.employeeId(), clock.instant())) {
                    throw new ConflictException("it was decided meanwhile, by you or someone else");
                }
                return id;
            });
            return new Result(entry.id(), entry.displayName(), choice == Choice.LINK ? Outcome.LINKED : Outcome.IMPORTED,
                    crmId, null);
        } catch (InvalidInputException | ConflictException | NotFoundException | java.time.DateTimeException e) {
            String reason = e.getMessage();
            store.importFailed(entry.id(), reason);
            return new Result(entry.id(), entry.displayName(), Outcome.ERROR, null, reason);
        }
    }

    /** The new relation the choice makes, with the owner's sync flag; a person with an organisation gets a role there. */
    private long created(Connection connection, Entry entry, Choice choice) {
        Snapshot v = links.decode(entry.values());
        long owner = connection.ownerId();
        Origin origin = Origin.connection(connection.id());
        Relation made = switch (choice) {
            case PERSON -> relations.create(imports.personFrom(connection, v, origin), origin);
            case ORGANISATION -> relations.create(imports.organisationFrom(connection, v, entry.displayName()), origin);
            case LEAD -> relations.create(imports.leadFrom(connection, v), origin);
            case LINK -> throw new IllegalStateException("a link makes no relation");
        };
        relations.setSyncFlag(made.kind(), made.id(), owner, true, origin);
        return made.id();
    }

    private long linked(Connection connection, Entry entry) {
        Relation r = requireLinkable(connection, entry.choiceRelationId(), entry.id());
        relations.setSyncFlag(r.kind(), r.id(), connection.ownerId(), true, Origin.connection(connection.id()));
        return r.id();
    }

    private Relation requireLinkable(Connection connection, long relationId, long entryId) {
        Relation r = relationStore.find(relationId).orElseThrow(() -> new NotFoundException("relation", relationId));
        if (r.deleted()) throw new UnprocessableException("relationId", "relation " + relationId + " is deleted");
        if (r.former()) {
            throw new UnprocessableException("relationId", "relation " + relationId + " is former: a former relation is in no "
                    + "address book, so the card could not stay linked");
        }
        if (!links.linkedAmong(connection.id(), DataType.CONTACTS, List.of(relationId)).isEmpty()
                || store.ofConnection(connection.id()).stream().anyMatch(e -> e.id() != entryId
                && "IMPORTED".equals(e.status()) && Long.valueOf(relationId).equals(e.crmId()))) {
            throw new ConflictException("relation " + relationId + " (" + r.displayName() + ") is linked to another card "
                    + "of this address book already");
        }
        return r;
    }

    /**
     * A person must be in the owner's sync scope once imported, or the next run would take the card
     * out of the address book again (or, with "remove from the peer", delete it). The sync flag set
     * on import keeps it there when the scope includes SYNC_FLAG; otherwise the relation manager or
     * owners must. Organisations and leads are linked and rest until they sync as cards.
     */
    private void requireStaysInAddressBook(Connection connection, long relationId) {
        if (relationStore.kinds(List.of(relationId)).get(relationId) != RelationKind.PERSON) return;
        SyncPolicy policy = settings.policyFor(connection.ownerId(), DataType.CONTACTS, connection.settings());
        if (config.personsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup(), List.of(relationId)).isEmpty()) {
            throw new UnprocessableException("choice", "it would not stay in this address book: the connection's sync scope "
                    + policy.scope() + " does not hold it (add SYNC_FLAG to the scope, or link a relation you manage or own)");
        }
    }

    // ---- small helpers -------------------------------------------------------------------------

    private List<Entry> entriesOf(long connectionId, Collection<Long> ids) {
        Map<Long, Entry> mine = new LinkedHashMap<>();
        store.ofConnection(connectionId).forEach(e -> mine.put(e.id(), e));
        var result = new ArrayList<Entry>();
        for (Long id : Set.copyOf(ids)) {
            Entry e = id == null ? null : mine.get(id);
            if (e == null) throw new NotFoundException("import queue entry", id == null ? 0 : id);
            result.add(e);
        }
        result.sort(java.util.Comparator.comparingLong(Entry::id));
        return result;
    }

    private static Choice choice(String as) {
        if (as == null || as.isBlank()) return null;
        try {
            return Choice.valueOf(as.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("as", "'" + org.koppel.crm.Checks.abbreviated(as)
                    + "' is not a choice (ORGANISATION, PERSON, LEAD or LINK; null clears it)");
        }
    }

    private static List<String> present(Snapshot v, String... slots) {
        var values = new ArrayList<String>();
        for (String slot : slots) if (v.get(slot) != null && !v.get(slot).isBlank()) values.add(v.get(slot));
        return values;
    }

    /** Which of the card's values the relation holds, for the person to judge the suggestion by. */
    private static String matchedOn(Relation r, List<String> emails, List<String> phones) {
        List<String> terms = r.searchTerms().stream().filter(t -> t != null).toList();
        for (String email : emails) {
            if (terms.stream().anyMatch(t -> t.equalsIgnoreCase(email.strip()))) return "e-mail " + email;
        }
        for (String phone : phones) {
            String digits = org.koppel.crm.Checks.phoneDigits(phone);
            if (terms.stream().anyMatch(t -> t.matches("[+0-9 ()./-]{4,}") && org.koppel.crm.Checks.phoneDigits(t).equals(digits))) {
                return "phone " + phone;
            }
        }
        return "e-mail or phone";
    }
}
