package org.koppel.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.koppel.crm.Checks;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncConflict;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connections as their owners (and admins) manage them. Removing a connection removes its links
 * and reports only: nothing in the CRM or in the peer is deleted.
 */
@Service
public class Connections {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Connections.class);

    private final ConnectionStore store;
    private final SyncRunStore runs;
    private final ChangeLogStore changeLog;
    private final SecretBox secrets;
    private final Relations relations;
    private final SyncConfigStore config;
    private final Map<String, PeerFactory> factories;
    private final RunHeartbeat heartbeat;
    private final Clock clock;

    public Connections(ConnectionStore store, SyncRunStore runs, ChangeLogStore changeLog, SecretBox secrets,
                       Relations relations, SyncConfigStore config, List<PeerFactory> factories, RunHeartbeat heartbeat,
                       Clock clock) {
        this.store = store;
        this.runs = runs;
        this.changeLog = changeLog;
        this.secrets = secrets;
        this.relations = relations;
        this.config = config;
        this.factories = factories.stream().collect(Collectors.toMap(PeerFactory::type, Function.identity()));
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    public Connection create(String type, String name, Map<String, String> settings, String secret, KoppelUser owner) {
        var checks = new Checks();
        String cleanName = Checks.clean(name);
        checks.required("type", Checks.clean(type)).required("name", cleanName).text("name", cleanName, 200);
        if (type != null && !factories.containsKey(type)) {
            checks.problem("type", "'" + type + "' is not a connection type (known: " + factories.keySet() + ")");
        }
        checks.throwIfAny();
        Map<String, String> completed = factories.get(type).setUp(settings == null ? Map.of() : settings, secret);
        // A new connection starts from now in the change log; its first run lists its whole scope anyway.
        long id = store.insert(type, cleanName, owner.employeeId(), completed, secrets.seal(secret),
                changeLog.lastSeq(), clock.instant());
        return find(id, owner);
    }

    /**
     * A new password or changed settings for an existing connection, checked against the peer
     * like a new one; it ends "needs sign-in". The address book must stay the same one: links
     * point into it.
     */
    public Connection updateAccess(long id, Map<String, String> settings, String secret, KoppelUser user) {
        Connection current = find(id, user);
        var merged = new java.util.HashMap<>(current.settings());
        if (settings != null) merged.putAll(settings);
        Map<String, String> completed = factories.get(current.type()).setUp(merged, secret);
        String book = current.settings().get("addressBook");
        if (book != null && !book.equals(completed.get("addressBook"))) {
            throw new org.koppel.crm.InvalidInputException("settings.addressBook",
                    "a connection stays with its address book; add a new connection for another one");
        }
        store.updateAccess(id, completed, secrets.seal(secret), clock.instant());
        return find(id, user);
    }

    public Connection find(long id, KoppelUser user) {
        Connection c = store.find(id).orElseThrow(() -> new NotFoundException("connection", id));
        if (c.ownerId() != user.employeeId() && !user.admin()) throw new NotFoundException("connection", id);
        return c;
    }

    public List<Connection> visibleTo(KoppelUser user) {
        return user.admin() ? store.all() : store.ofOwner(user.employeeId());
    }

    public Connection pause(long id, KoppelUser user) {
        detach(find(id, user));
        store.setStatus(id, Connection.Status.PAUSED, "paused by " + user.login(), clock.instant());
        // A run under way here stops now; one on another node stops at its next heartbeat.
        heartbeat.stop(id, RunStopped.paused());
        return find(id, user);
    }

    public Connection resume(long id, KoppelUser user) {
        find(id, user);
        store.setStatus(id, Connection.Status.ACTIVE, null, clock.instant());
        store.requestRun(id);
        return find(id, user);
    }

    /** Lets the next run unlink or delete as many links as it needs to (the mass-change guard asked). */
    public Connection confirmMassChange(long id, KoppelUser user) {
        find(id, user);
        store.confirmMassChange(id, clock.instant());
        store.requestRun(id);
        return find(id, user);
    }

    public void delete(long id, KoppelUser user) {
        detach(find(id, user));
        store.delete(id);
        heartbeat.stop(id, RunStopped.deleted());
    }

    /**
     * Lets the peer release what it holds for the connection (a Microsoft 365 change subscription)
     * before a pause or a delete. Best effort: a failure is logged and the pause or delete goes on;
     * what it leaves behind at the peer runs out by itself (a subscription expires within days).
     */
    private void detach(Connection connection) {
        PeerFactory factory = factories.get(connection.type());
        if (factory == null) return;
        try {
            factory.detach(connection, secrets.open(store.sealedSecret(connection.id())));
        } catch (RuntimeException e) {
            LOG.warn("connection {}: the peer could not let go of it ({}); it runs out by itself", connection.id(), e.toString());
        }
    }

    public List<SyncConflict> conflicts(long id, KoppelUser user) {
        find(id, user);
        return runs.conflicts(id);
    }

    /** Puts a conflict's losing value into the CRM record (admins only); the next run carries it to the peer. */
    @Transactional
    public void restore(long conflictId, KoppelUser admin) {
        if (!admin.admin()) throw new AccessDeniedException("restoring a conflict needs the admin role");
        SyncConflict conflict = runs.conflict(conflictId).orElseThrow(() -> new NotFoundException("conflict", conflictId));
        Person person = (Person) relations.find(RelationKind.PERSON, conflict.crmId());
        var value = new java.util.TreeMap<String, String>();
        if (conflict.losingValue() != null) value.put(conflict.field(), conflict.losingValue());
        Person restored = ContactProjection.apply(person, new Snapshot(value), java.util.Set.of(conflict.field()),
                config.fieldMap(DataType.CONTACTS));
        relations.update(RelationKind.PERSON, person.id(), person.version(), restored, admin.origin());
        runs.markRestored(conflictId, admin.employeeId(), clock.instant());
        store.requestRun(conflict.connectionId());
    }
}
