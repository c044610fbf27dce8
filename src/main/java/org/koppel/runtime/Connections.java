package org.koppel.runtime;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Limits;
import org.koppel.crm.employee.EmployeeDeactivated;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncRunStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncConflict;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections as their owners (and admins) manage them. Removing a connection removes its links
 * and reports only: nothing in the CRM or in the peer is deleted.
 */
@Service
public class Connections {

    /** The status reason of the connections of a deactivated employee. */
    public static final String OWNER_DEACTIVATED = "the owner's account was deactivated";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Connections.class);

    private final ConnectionStore store;
    private final SyncRunStore runs;
    private final SecretBox secrets;
    private final Relations relations;
    private final SyncConfigStore config;
    private final Map<String, PeerFactory> factories;
    private final RunHeartbeat heartbeat;
    private final Clock clock;
    private final ObjectMapper json;
    private final org.koppel.store.CustomFieldStore customFields;
    private final ApplicationEventPublisher events;

    static final int MAX_SETTING_NAME = 100;
    static final int MAX_SETTING_VALUE = 1000;
    /** The length of {@code connection.settings}, where they are stored as JSON. */
    static final int MAX_SETTINGS_JSON = 4000;

    public Connections(ConnectionStore store, SyncRunStore runs, SecretBox secrets,
                       Relations relations, SyncConfigStore config, List<PeerFactory> factories, RunHeartbeat heartbeat,
                       Clock clock, ObjectMapper json, org.koppel.store.CustomFieldStore customFields,
                       ApplicationEventPublisher events) {
        this.json = json;
        this.customFields = customFields;
        this.events = events;
        this.store = store;
        this.runs = runs;
        this.secrets = secrets;
        this.relations = relations;
        this.config = config;
        this.factories = PeerFactory.byType(factories);
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    public Connection create(String type, String name, Map<String, String> settings, String secret, KoppelUser owner) {
        var checks = new Checks();
        String cleanName = Checks.clean(name);
        checks.required("type", Checks.clean(type)).required("name", cleanName).text("name", cleanName, 200);
        if (type != null && !factories.containsKey(type)) {
            checks.problem("type", "'" + Checks.abbreviated(type) + "' is not a connection type (known: " + factories.keySet() + ")");
        }
        checkSettings(settings, checks);
        checks.throwIfAny();
        Map<String, String> completed = factories.get(type).setUp(settings == null ? Map.of() : settings, secret);
        requireStorable(completed);
        long id = store.insert(type, cleanName, owner.employeeId(), completed, secrets.seal(secret), clock.instant());
        return find(id, owner);
    }

    /**
     * A new password or changed settings for an existing connection, checked against the peer
     * like a new one; it ends "needs sign-in". The address book, calendar and task list must stay the
     * same ones once chosen (links point into them); a calendar or task list not chosen before may be added.
     */
    public Connection updateAccess(long id, Map<String, String> settings, String secret, KoppelUser user) {
        Connection current = find(id, user);
        requireActiveOwner(current);
        var checks = new Checks();
        checkSettings(settings, checks);
        checks.throwIfAny();
        var merged = new java.util.HashMap<>(current.settings());
        if (settings != null) merged.putAll(settings);
        Map<String, String> completed = factories.get(current.type()).setUp(merged, secret);
        requireStorable(completed);
        // Links point into the stores: one chosen stays, one not chosen yet may be added (a calendar, say).
        for (String collection : List.of("addressBook", "calendar", "taskList")) {
            String chosen = current.settings().get(collection);
            if (chosen != null && !chosen.equals(completed.get(collection))) {
                throw new InvalidInputException("settings." + collection, "a connection stays with its "
                        + (collection.equals("taskList") ? "task list" : collection.equals("calendar") ? "calendar" : "address book")
                        + "; add a new connection for another one");
            }
        }
        store.updateAccess(id, completed, secrets.seal(secret), clock.instant());
        return find(id, user);
    }

    /**
     * Changes settings that need no new sign-in (a source connection's relation-type mapping): checked like
     * any settings, but the peer is not asked and the secret, status and cursors stay. A blank value removes
     * the setting. Like the other changes, for the owner or an admin.
     */
    public Connection updateSettings(long id, Map<String, String> changes, KoppelUser user) {
        Connection current = find(id, user);
        var checks = new Checks();
        var kept = new java.util.HashMap<String, String>();
        if (changes != null) changes.forEach((name, value) -> {
            if (value != null && !value.isBlank()) kept.put(name, value.strip());
        });
        checkSettings(kept, checks);
        checks.throwIfAny();
        var merged = new java.util.TreeMap<>(current.settings());
        if (changes != null) changes.forEach((name, value) -> {
            if (value == null || value.isBlank()) merged.remove(name);
        });
        merged.putAll(kept);
        if (merged.size() > Limits.CONNECTION_SETTINGS) {
            throw new InvalidInputException("settings", "would be " + merged.size() + " settings; at most "
                    + Limits.CONNECTION_SETTINGS + " are allowed");
        }
        requireStorable(merged);
        store.updateSettings(id, merged, clock.instant());
        return find(id, user);
    }

    /**
     * Settings are checked before the peer is asked (or anything stored): a password in an address
     * would be stored in plain text and shown back, and an over-long value used to fail the insert
     * as a misleading 409. Values are never echoed here: one may hold a password.
     */
    static void checkSettings(Map<String, String> settings, Checks checks) {
        if (settings == null || !checks.size("settings", settings, Limits.CONNECTION_SETTINGS)) return;
        settings.forEach((name, value) -> {
            String field = "settings." + Checks.abbreviated(name);
            if (name.length() > MAX_SETTING_NAME) {
                checks.problem(field, "is not a setting (names are at most " + MAX_SETTING_NAME + " characters)");
            } else if (value == null) {
                checks.problem(field, "must be text; leave a setting out to keep it as it is");
            } else if (ConnectionUrls.holdsPassword(value)) {
                checks.problem(field, "holds a password (user:password@); put the password in secret, "
                        + "where it is stored encrypted, and the user name in settings.username");
            } else {
                checks.text(field, value, MAX_SETTING_VALUE);
                SyncSettings.checkConnectionSetting(name, value, checks);
            }
        });
    }

    /** The settings as the connector completed them must fit their column, checked here rather than failing the write. */
    private void requireStorable(Map<String, String> completed) {
        int length = json.writeValueAsString(completed).length();
        if (length > MAX_SETTINGS_JSON) {
            throw new InvalidInputException("settings", "take " + length + " characters stored; at most "
                    + MAX_SETTINGS_JSON + " are allowed");
        }
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
        requireActiveOwner(find(id, user));
        store.setStatus(id, Connection.Status.ACTIVE, null, clock.instant());
        store.requestRun(id);
        return find(id, user);
    }

    /** Lets the next run unlink or delete as many links as it needs to (the mass-change guard asked). */
    public Connection confirmMassChange(long id, KoppelUser user) {
        requireActiveOwner(find(id, user));
        store.confirmMassChange(id, clock.instant());
        store.requestRun(id);
        return find(id, user);
    }

    /**
     * A deactivated employee's connections stop with the account, in the transaction that
     * deactivates it: they stay paused, with the reason visible, and no run starts for them.
     * A run under way when it happens stops like any paused run (see {@link #stopRunsOfDeactivatedOwner}).
     */
    @EventListener
    public void ownerDeactivated(EmployeeDeactivated event) {
        int paused = store.pauseAllOf(event.employeeId(), OWNER_DEACTIVATED, event.at());
        if (paused > 0) LOG.info("paused {} connection(s) of deactivated employee {}", paused, event.employeeId());
    }

    /**
     * Once the deactivation is committed, runs of its connections on this node stop at once; on
     * other nodes their heartbeat sees the pause. Not before the commit: a deactivation that rolls
     * back must not have stopped anything.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void stopRunsOfDeactivatedOwner(EmployeeDeactivated event) {
        store.ofOwner(event.employeeId()).forEach(c -> heartbeat.stop(c.id(), RunStopped.paused()));
    }

    /** Resuming (or anything that sets a connection going again) waits for the owner to be active again. */
    private void requireActiveOwner(Connection connection) {
        if (!store.ownerActive(connection.id())) {
            throw new ConflictException("connection " + connection.id() + " belongs to a deactivated employee ("
                    + connection.ownerId() + "); it syncs again only after an admin activates that employee");
        }
    }

    public void delete(long id, KoppelUser user) {
        Connection connection = find(id, user);
        detach(connection);
        String sealedSecret = store.sealedSecret(id);
        store.delete(id);
        heartbeat.stop(id, RunStopped.deleted());
        events.publishEvent(new ConnectionDeleted(connection, sealedSecret));
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
        // A card is a person, an organisation or a lead (ContactRecords).
        Relation relation = relations.find(null, conflict.crmId());
        var value = new java.util.TreeMap<String, String>();
        if (conflict.losingValue() != null) value.put(conflict.field(), conflict.losingValue());
        Relation restored = ContactProjection.apply(relation, new Snapshot(value), java.util.Set.of(conflict.field()),
                config.fieldMap(DataType.CONTACTS), ContactProjection.Related.ofCustomFields(customFields.all()));
        relations.update(relation.kind(), relation.id(), relation.version(), restored, admin.origin());
        runs.markRestored(conflictId, admin.employeeId(), clock.instant());
        store.requestRun(conflict.connectionId());
    }
}
