package org.koppel.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ImportQueueStore;
import org.koppel.store.LinkStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The import queue (cloud-contacts document): a person decides what each waiting peer contact
 * becomes: an organisation, a person (then linked and synced from the next run on) or a lead; or
 * dismisses it, after which it is not queued again.
 */
@Service
public class ImportQueue {

    public enum Decision { ORGANISATION, PERSON, LEAD, DISMISS }

    private final ImportQueueStore store;
    private final Connections connections;
    private final ConnectionStore connectionStore;
    private final Relations relations;
    private final LinkStore links;
    private final org.koppel.store.SyncConfigStore config;
    private final Clock clock;

    public ImportQueue(ImportQueueStore store, Connections connections, ConnectionStore connectionStore,
                       Relations relations, LinkStore links, org.koppel.store.SyncConfigStore config, Clock clock) {
        this.config = config;
        this.store = store;
        this.connections = connections;
        this.connectionStore = connectionStore;
        this.relations = relations;
        this.links = links;
        this.clock = clock;
    }

    public List<ImportQueueStore.Entry> of(long connectionId, KoppelUser user) {
        connections.find(connectionId, user);
        return store.ofConnection(connectionId);
    }

    @Transactional
    public ImportQueueStore.Entry decide(long entryId, Decision decision, KoppelUser user) {
        var entry = store.find(entryId).orElseThrow(() -> new NotFoundException("import queue entry", entryId));
        connections.find(entry.connectionId(), user);
        if (!entry.status().equals("WAITING")) {
            throw new org.koppel.crm.ConflictException("import queue entry " + entryId + " was decided already");
        }
        if (decision == null) throw new InvalidInputException("as", "must be organisation, person, lead or dismiss");
        Snapshot v = links.decode(entry.values());
        Long crmId = switch (decision) {
            case DISMISS -> null;
            case PERSON -> relations.create(PeerImports.personFrom(v, user.employeeId(), config.fieldMap(DataType.CONTACTS)),
                    user.origin()).id();
            case ORGANISATION -> relations.create(organisation(v, user.employeeId(), entry.displayName()), user.origin()).id();
            case LEAD -> relations.create(lead(v, user.employeeId()), user.origin()).id();
        };
        store.decide(entryId, decision == Decision.DISMISS ? "DISMISSED" : "IMPORTED", crmId, user.employeeId(), clock.instant());
        // The next run links an imported person to its peer contact and stamps it.
        if (decision == Decision.PERSON) connectionStore.requestRun(entry.connectionId());
        return store.find(entryId).orElseThrow();
    }

    private static Relation organisation(Snapshot v, long manager, String displayName) {
        String name = v.get(ContactSlots.ORGANISATION) != null ? v.get(ContactSlots.ORGANISATION) : displayName;
        return new Organisation(null, null, name, first(v, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME),
                first(v, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME), null, null, manager, List.of(), false,
                List.of(), List.of(), null, Map.of(), null, null, null);
    }

    private static Relation lead(Snapshot v, long manager) {
        return new Lead(null, null, v.get(ContactSlots.ORGANISATION), v.get(ContactSlots.GIVEN_NAME), v.get(ContactSlots.INFIX),
                v.get(ContactSlots.FAMILY_NAME), first(v, ContactSlots.EMAIL_WORK, ContactSlots.EMAIL_HOME),
                first(v, ContactSlots.TEL_WORK, ContactSlots.TEL_HOME), v.get(ContactSlots.TEL_CELL),
                v.get(ContactSlots.JOB_TITLE), "address book", LeadStatus.NEW, manager, List.of(), false, List.of(),
                List.of(), null, Map.of(), null, null, null);
    }

    private static String first(Snapshot v, String slot, String otherwise) {
        return v.get(slot) != null ? v.get(slot) : v.get(otherwise);
    }
}
