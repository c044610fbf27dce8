package org.koppel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.koppel.crm.Change;
import org.koppel.crm.ConflictException;
import org.koppel.crm.Origin;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * When connections run: within seconds of a CRM change in their scope (the change log, polled),
 * every {@code koppel.sync.pull-interval} to pull peer changes, and on "sync now". Runs go to a
 * pool of virtual threads; the lease in the connection row keeps each connection to one run at a
 * time across all nodes, so every node may poll.
 */
@Component
public class SyncTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTriggers.class);

    private final ChangeLogStore changeLog;
    private final ConnectionStore connections;
    private final LinkStore links;
    private final SyncConfigStore config;
    private final SyncSettings settings;
    private final SyncRunner runner;
    private final java.util.Map<String, PeerFactory> factories;
    private final Clock clock;
    private final boolean enabled;
    private final Duration pullInterval;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private long seen = -1;

    public SyncTriggers(ChangeLogStore changeLog, ConnectionStore connections, LinkStore links, SyncConfigStore config,
                        SyncSettings settings, SyncRunner runner, List<PeerFactory> factories, Clock clock,
                        @Value("${koppel.sync.scheduler:true}") boolean enabled,
                        @Value("${koppel.sync.pull-interval:PT5M}") Duration pullInterval) {
        this.changeLog = changeLog;
        this.connections = connections;
        this.links = links;
        this.config = config;
        this.settings = settings;
        this.runner = runner;
        this.factories = PeerFactory.byType(factories);
        this.clock = clock;
        this.enabled = enabled;
        this.pullInterval = pullInterval;
    }

    @Scheduled(fixedDelayString = "${koppel.sync.poll-interval:PT2S}")
    void scheduled() {
        if (enabled) pool.submit(this::runDue);
    }

    /** Marks the connections that the change log's new entries concern, then starts every due run. */
    public synchronized List<Long> markAffected() {
        if (seen < 0) seen = changeLog.lastSeq();
        List<Change> changes = changeLog.after(seen, 5000);
        if (changes.isEmpty()) return List.of();
        seen = changes.getLast().seq();
        var marked = new java.util.ArrayList<Long>();
        for (Connection c : connections.all()) {
            if (c.status() == Connection.Status.ACTIVE && concerns(c, changes)) {
                connections.requestRun(c.id());
                marked.add(c.id());
            }
        }
        return marked;
    }

    void runDue() {
        try {
            markAffected();
            for (long id : connections.due(clock.instant().minus(pullInterval), clock.instant())) {
                try {
                    runner.run(id, "scheduled");
                } catch (ConflictException busy) {
                    // another node or thread is running it; it is marked to run again
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sync trigger round failed; the next round tries again", e);
        }
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
