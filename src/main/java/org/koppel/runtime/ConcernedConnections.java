package org.koppel.runtime;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.koppel.crm.Change;
import org.koppel.crm.RecordType;
import org.koppel.store.ConnectionStore;
import org.koppel.store.FanoutStore;
import org.koppel.store.FanoutStore.AllScope;
import org.koppel.store.FanoutStore.LinkedRecord;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncPolicy.Direction;
import org.koppel.sync.SyncPolicy.ScopeRule;

/**
 * Which active connections a batch of changes concerns, found from the changed records: the
 * connections that link them, and those whose owner the records' relation manager, owners, sync
 * flags, groups, organiser or responsible employee point at (or whose scope may be "all"), each of
 * those checked precisely. Connections nothing points at are never read, so the work follows the
 * changes, not the number of connections.
 * <p>
 * What concerns whom: a relation concerns the connections linking it and the contact connections
 * whose scope holds it (DESIGN rule 8); an organisation also its contact persons (their cards show
 * it). A group concerns its owner's contact connections that scope by group, and the connections
 * linking its members. An appointment concerns its organiser's calendars, a task its responsible
 * employee's task lists, and both the connections linking them. A change a connection wrote itself is
 * no reason to run it (DESIGN rule 3). Employee and custom-field changes concern none: no peer item
 * shows an employee, and a field's definition changes no relation's values (those are logged as
 * relation changes). A source system (data type RELATIONS) only hears of the relations it links.
 */
final class ConcernedConnections {

    private static final Set<RecordType> RELATIONS = EnumSet.of(RecordType.PERSON, RecordType.LEAD, RecordType.ORGANISATION);

    private final FanoutStore fanout;
    private final ConnectionStore connections;
    private final SyncConfigStore config;
    private final SyncSettings settings;
    private final Map<String, PeerFactory> factories;

    ConcernedConnections(FanoutStore fanout, ConnectionStore connections, SyncConfigStore config, SyncSettings settings,
                         Map<String, PeerFactory> factories) {
        this.fanout = fanout;
        this.connections = connections;
        this.config = config;
        this.settings = settings;
        this.factories = factories;
    }

    /** The ids of the active connections these changes concern. */
    Set<Long> of(List<Change> changes) {
        ChangedRecords relations = ChangedRecords.of(changes, RELATIONS);
        ChangedRecords organisations = ChangedRecords.of(changes, EnumSet.of(RecordType.ORGANISATION));
        ChangedRecords groups = ChangedRecords.of(changes, EnumSet.of(RecordType.GROUP));
        ChangedRecords appointments = ChangedRecords.of(changes, EnumSet.of(RecordType.APPOINTMENT));
        ChangedRecords tasks = ChangedRecords.of(changes, EnumSet.of(RecordType.TASK));
        // Organisations are cards too, and their contact persons' cards show their name and address.
        relations.addThrough(fanout.contactPersonsOf(organisations.ids()), organisations);
        // A group's members may have entered or left its owner's scope: who links them hears of it.
        ChangedRecords members = ChangedRecords.none();
        members.addThrough(fanout.membersOf(groups.ids()), groups);

        var concerned = new TreeSet<Long>();
        var relationIds = new HashSet<>(relations.ids());
        relationIds.addAll(members.ids());
        for (LinkedRecord l : fanout.linksOfActive(EnumSet.of(DataType.CONTACTS, DataType.RELATIONS), relationIds)) {
            if (relations.reasonFor(l.connectionId(), l.crmId()) || members.reasonFor(l.connectionId(), l.crmId())) {
                concerned.add(l.connectionId());
            }
        }
        linked(DataType.APPOINTMENTS, appointments, concerned);
        linked(DataType.TASKS, tasks, concerned);

        AllScope all = relations.isEmpty() ? new AllScope(false, Set.of()) : fanout.allScope();
        var owners = new HashSet<>(fanout.employeesRelatedTo(relations.ids()));
        owners.addAll(all.employees());
        Map<Long, Set<Long>> groupOwners = groupOwners(changes, groups);
        Map<Long, Long> organisers = fanout.organisers(appointments.ids());
        Map<Long, Long> responsibles = fanout.responsibles(tasks.ids());
        groupOwners.values().forEach(owners::addAll);
        owners.addAll(organisers.values());
        owners.addAll(responsibles.values());
        for (Connection c : connections.activeCandidates(owners, all.organisation(), !relations.isEmpty())) {
            if (concerned.contains(c.id())) continue;
            var candidate = new Candidate(c);
            if (candidate.holds(DataType.CONTACTS) && (candidate.scopesByGroupOf(groups, groupOwners) || candidate.hasInScope(relations))
                    || candidate.holds(DataType.APPOINTMENTS) && candidate.owns(appointments, organisers)
                    || candidate.holds(DataType.TASKS) && candidate.owns(tasks, responsibles)) {
                concerned.add(c.id());
            }
        }
        return concerned;
    }

    /**
     * Group -> its owner now and, when this batch changed its owner or deleted it, the owner it had:
     * the members may have left that owner's scope.
     */
    private Map<Long, Set<Long>> groupOwners(List<Change> changes, ChangedRecords groups) {
        var owners = new HashMap<Long, Set<Long>>();
        fanout.groupOwners(groups.ids()).forEach((group, owner) -> owners.computeIfAbsent(group, g -> new HashSet<>()).add(owner));
        var groupOf = new HashMap<Long, Long>();
        for (Change change : changes) {
            if (change.recordType() == RecordType.GROUP && change.fields().contains("ownerId")) groupOf.put(change.seq(), change.recordId());
        }
        fanout.formerGroupOwners(groupOf.keySet())
                .forEach((seq, owner) -> owners.computeIfAbsent(groupOf.get(seq), g -> new HashSet<>()).add(owner));
        return owners;
    }

    private void linked(DataType type, ChangedRecords records, Set<Long> concerned) {
        for (LinkedRecord l : fanout.linksOfActive(EnumSet.of(type), records.ids())) {
            if (records.reasonFor(l.connectionId(), l.crmId())) concerned.add(l.connectionId());
        }
    }

    /** A connection something points at, checked precisely; its policies are read once, when first needed. */
    private final class Candidate {

        private final Connection connection;
        private final Set<DataType> types;
        private final Map<DataType, SyncPolicy> policies = new EnumMap<>(DataType.class);

        Candidate(Connection connection) {
            this.connection = connection;
            PeerFactory factory = factories.get(connection.type());
            this.types = factory == null ? Set.of() : factory.dataTypes(connection);
        }

        /** Whether its peer holds the data type and its settings sync it at all. */
        boolean holds(DataType type) {
            return types.contains(type) && policy(type).direction() != Direction.OFF;
        }

        private SyncPolicy policy(DataType type) {
            return policies.computeIfAbsent(type, t -> settings.policyFor(connection.ownerId(), t, connection.settings()));
        }

        /** Whether it scopes by group and its owner owns a group that someone else changed. */
        boolean scopesByGroupOf(ChangedRecords groups, Map<Long, Set<Long>> groupOwners) {
            if (!policy(DataType.CONTACTS).scope().contains(ScopeRule.GROUP)) return false;
            return groupOwners.entrySet().stream().anyMatch(g -> g.getValue().contains(connection.ownerId())
                    && groups.reasonFor(connection.id(), g.getKey()));
        }

        /** Whether one of the relations someone else changed is a card in its address book (DESIGN rule 8). */
        boolean hasInScope(ChangedRecords relations) {
            Set<Long> reasons = relations.reasonsFor(connection.id());
            if (reasons.isEmpty()) return false;
            SyncPolicy policy = policy(DataType.CONTACTS);
            return !config.cardsInScope(connection.ownerId(), policy.scope(), policy.scopeMainGroup(), reasons,
                    settings.organisationsAndLeadsByScope(connection.ownerId(), connection.settings())).isEmpty();
        }

        /** Whether its owner is the employee of one of these records (organiser, responsible) that someone else changed. */
        boolean owns(ChangedRecords records, Map<Long, Long> employeeOf) {
            return employeeOf.entrySet().stream().anyMatch(r -> r.getValue() == connection.ownerId()
                    && records.reasonFor(connection.id(), r.getKey()));
        }
    }
}
