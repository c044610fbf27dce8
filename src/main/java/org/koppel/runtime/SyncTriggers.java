package org.koppel.runtime;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.koppel.crm.Change;
import org.koppel.crm.Origin;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The change fan-out, as a cluster job ("change-fanout", every {@code koppel.sync.poll-interval}): the
 * connections that the change log's new entries concern are asked to run, which moves their jobs to now
 * ({@link ConnectionStore#requestRuns}); the job scheduler ({@link JobScheduler}) runs them.
 */
@Component
public class SyncTriggers implements ClusterJob {

    private final ChangeLogStore changeLog;
    private final ConnectionStore connections;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncSettings settings;
    private final java.util.Map<String, PeerFactory> factories;
    private final Duration pollInterval;
    private long seen = -1;

    public SyncTriggers(ChangeLogStore changeLog, ConnectionStore connections, LinkStore links, SyncConfigStore config,
                        SyncSettings settings, List<PeerFactory> factories,
                        @Value("${koppel.sync.poll-interval:PT2S}") Duration pollInterval) {
        this.changeLog = changeLog;
        this.connections = connections;
        this.links = links;
        this.config = config;
        this.settings = settings;
        this.factories = PeerFactory.byType(factories);
        this.pollInterval = pollInterval;
    }

    @Override
    public String name() {
        return "change-fanout";
    }

    @Override
    public Duration every() {
        return pollInterval;
    }

    @Override
    public void run() {
        markAffected();
    }

    /** Asks the connections that the change log's new entries concern to run; returns them. */
    public synchronized List<Long> markAffected() {
        if (seen < 0) seen = changeLog.lastSeq();
        List<Change> changes = changeLog.after(seen, 5000);
        if (changes.isEmpty()) return List.of();
        seen = changes.getLast().seq();
        var marked = new java.util.ArrayList<Long>();
        for (Connection c : connections.all()) {
            if (c.status() == Connection.Status.ACTIVE && concerns(c, changes)) marked.add(c.id());
        }
        connections.requestRuns(marked);
        return marked;
    }

    private boolean holdsRelations(Connection c) {
        PeerFactory factory = factories.get(c.type());
        return factory != null && factory.dataTypes(c).contains(DataType.RELATIONS);
    }

    private boolean concerns(Connection c, List<Change> changes) {
        Set<Long> persons = new HashSet<>();
        var organisations = new java.util.ArrayList<Long>();
        for (Change change : changes) {
            if (change.origin().equals(Origin.connection(c.id()))) continue; // its own write: no echo
            switch (change.recordType()) {
                case PERSON, LEAD -> persons.add(change.recordId());
                case ORGANISATION -> organisations.add(change.recordId());
                case GROUP -> { return true; }
                default -> { }
            }
        }
        // A source system's linked relations: an edit is pushed within seconds.
        if (holdsRelations(c)) {
            var relations = new java.util.ArrayList<Long>(persons);
            relations.addAll(organisations);
            return !relations.isEmpty() && !links.linkedAmong(c.id(), DataType.RELATIONS, relations).isEmpty();
        }
        // Organisations are cards too, and their contact persons' cards show their name and address.
        persons.addAll(organisations);
        persons.addAll(config.contactPersonsOf(organisations));
        if (persons.isEmpty()) return false;
        // Only the changed persons are looked up: a poll costs what changed, not what is synced.
        if (!links.linkedAmong(c.id(), DataType.CONTACTS, persons).isEmpty()) return true;
        SyncPolicy policy = settings.policyFor(c.ownerId(), DataType.CONTACTS, c.settings());
        return !config.cardsInScope(c.ownerId(), policy.scope(), policy.scopeMainGroup(), persons,
                settings.organisationsAndLeadsByScope(c.ownerId(), c.settings())).isEmpty();
    }
}
