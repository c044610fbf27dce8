package org.koppel.crm.bulk;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.UnprocessableException;
import org.koppel.crm.bulk.BulkResult.Outcome;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Management;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationListFilter;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One change to many relations at once (a leaver's 55 relations to a colleague). The whole action is
 * one transaction. Each relation goes through the same write path as an edit of one (its checks,
 * its history entry, so sync sees it) inside a savepoint: a relation that may not be changed (deleted,
 * no longer valid) is refused with its reason and left as it was, and the others still change.
 * What concerns the action as a whole (an inactive new manager, a group the editor may not change)
 * refuses it whole, before anything is written.
 */
@Service
public class BulkChanges {

    /** Far above a leaver's portfolio; a bigger change is an export, a script, or a filter in steps. */
    public static final int MAX_RELATIONS = 5_000;

    private final Relations relations;
    private final RelationStore store;
    private final Groups groups;
    private final EmployeeStore employees;
    private final ChangeLogStore changeLog;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    public BulkChanges(Relations relations, RelationStore store, Groups groups, EmployeeStore employees,
                       ChangeLogStore changeLog, PlatformTransactionManager transactions, Clock clock) {
        this.relations = relations;
        this.store = store;
        this.groups = groups;
        this.employees = employees;
        this.changeLog = changeLog;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    @Transactional
    public BulkReport apply(List<Long> selection, BulkAction action, GroupEditor editor) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(selection));
        if (ids.isEmpty()) throw new InvalidInputException("selection", "is empty: select at least one relation");
        if (ids.size() > MAX_RELATIONS) {
            throw new InvalidInputException("selection", "holds " + ids.size() + " relations; at most " + MAX_RELATIONS
                    + " change at once");
        }
        checkAction(action, editor);
        Map<Long, Relation> found = store.load(ids).stream()
                .collect(Collectors.toMap(Relation::id, Function.identity()));
        return switch (action) {
            case BulkAction.AddToGroup add -> membership(ids, found, add.groupId(), true, editor);
            case BulkAction.RemoveFromGroup remove -> membership(ids, found, remove.groupId(), false, editor);
            default -> new BulkReport(ids.stream().map(id -> one(id, found.get(id), action, editor)).toList());
        };
    }

    /**
     * The ids of every relation a filter matches, in its order ("select all 55 matching"); a filter
     * matching more than a bulk change takes is refused rather than cut short.
     */
    public List<Long> idsMatching(RelationListFilter filter, long reader) {
        var query = filter.query(reader, 0, 1);
        long matching = store.count(query);
        if (matching > MAX_RELATIONS) {
            throw new UnprocessableException("selection.filter", "matches " + matching + " relations; at most "
                    + MAX_RELATIONS + " change at once: narrow the filter");
        }
        return store.searchIds(query, MAX_RELATIONS);
    }

    private void checkAction(BulkAction action, GroupEditor editor) {
        switch (action) {
            case BulkAction.ReassignManager m -> requireActive("managerId", m.managerId());
            case BulkAction.ReassignOwner o -> {
                requireActive("toOwnerId", o.toOwnerId());
                if (o.fromOwnerId() != null && o.fromOwnerId() == o.toOwnerId()) {
                    throw new UnprocessableException("toOwnerId", "is the same employee as fromOwnerId");
                }
            }
            case BulkAction.SyncFlag f -> {
                if (editor.employeeId() == null) throw new UnprocessableException("action", "a sync flag is an employee's own");
            }
            default -> { }
        }
    }

    private void requireActive(String field, long employeeId) {
        if (employees.activeIds(Set.of(employeeId)).isEmpty()) {
            throw new UnprocessableException(field, "employee " + employeeId + " does not exist or is not active");
        }
    }

    private BulkResult one(long id, Relation current, BulkAction action, GroupEditor editor) {
        if (current == null) return new BulkResult(id, null, Outcome.REFUSED, "relation " + id + " does not exist");
        if (current.deleted()) {
            return action instanceof BulkAction.Delete
                    ? result(current, Outcome.UNCHANGED, "was deleted already")
                    : result(current, Outcome.REFUSED, "is deleted; restore it before changing it");
        }
        try {
            String unchanged = savepoint.execute(status -> change(current, action, editor));
            return unchanged == null ? result(current, Outcome.CHANGED, null) : result(current, Outcome.UNCHANGED, unchanged);
        } catch (InvalidInputException e) {
            return result(current, Outcome.REFUSED, InvalidInputException.summary(e.problems()));
        } catch (ConflictException | StaleVersionException | NotFoundException | AccessDeniedException e) {
            return result(current, Outcome.REFUSED, e.getMessage());
        }
    }

    /** Changes one live relation; returns why nothing needed changing, or null when it changed. */
    private String change(Relation current, BulkAction action, GroupEditor editor) {
        switch (action) {
            case BulkAction.ReassignManager m -> {
                if (current.managerId() != null && current.managerId() == m.managerId()) return "has this relation manager already";
                update(current, Management.with(current, m.managerId(), current.ownerIds()), editor);
            }
            case BulkAction.ReassignOwner o -> {
                List<Long> owners = new ArrayList<>(current.ownerIds());
                if (o.fromOwnerId() != null) {
                    if (!owners.contains(o.fromOwnerId())) return "employee " + o.fromOwnerId() + " is not an owner";
                    int at = owners.indexOf(o.fromOwnerId());
                    if (owners.contains(o.toOwnerId())) owners.remove(at);
                    else owners.set(at, o.toOwnerId());
                } else {
                    if (owners.contains(o.toOwnerId())) return "employee " + o.toOwnerId() + " is an owner already";
                    owners.add(o.toOwnerId());
                }
                update(current, Management.with(current, current.managerId(), owners), editor);
            }
            case BulkAction.SyncFlag f -> {
                boolean flagged = relations.isSyncFlagged(current.id(), editor.employeeId());
                if (flagged == f.flagged()) return f.flagged() ? "is flagged already" : "was not flagged";
                relations.setSyncFlag(current.kind(), current.id(), editor.employeeId(), f.flagged(), editor.origin());
            }
            case BulkAction.Delete d -> relations.delete(current.kind(), current.id(), current.version(), editor.origin());
            default -> throw new IllegalStateException("not a per-relation action: " + action);
        }
        return null;
    }

    private void update(Relation current, Relation changed, GroupEditor editor) {
        relations.update(current.kind(), current.id(), current.version(), changed, editor.origin());
    }

    /**
     * Adds the live selected relations to a group or removes them, in one write of the group (its
     * rights decide for all: a private group of someone else refuses the whole change), and records
     * the change in each relation's history too, as "groups".
     */
    private BulkReport membership(List<Long> ids, Map<Long, Relation> found, long groupId, boolean add, GroupEditor editor) {
        Group group = groups.find(groupId);
        Set<Long> members = new TreeSet<>(group.memberIds());
        var results = new ArrayList<BulkResult>();
        var changed = new ArrayList<Relation>();
        for (long id : ids) {
            Relation r = found.get(id);
            if (r == null) results.add(new BulkResult(id, null, Outcome.REFUSED, "relation " + id + " does not exist"));
            else if (r.deleted()) results.add(result(r, Outcome.REFUSED, "is deleted; restore it before changing it"));
            else if (add ? !members.add(id) : !members.remove(id)) {
                results.add(result(r, Outcome.UNCHANGED, add ? "is a member already" : "was not a member"));
            } else {
                results.add(result(r, Outcome.CHANGED, null));
                changed.add(r);
            }
        }
        if (changed.isEmpty()) return new BulkReport(results);
        if (members.size() > Limits.GROUP_MEMBERS) {
            throw new UnprocessableException("groupId", "group " + groupId + " would have " + members.size()
                    + " members; at most " + Limits.GROUP_MEMBERS);
        }
        groups.update(groupId, group.version(), new Group(group.id(), group.version(), group.name(), group.mainGroup(),
                group.ownerId(), group.isPublic(), List.copyOf(members), group.createdAt(), group.updatedAt()), editor);
        var now = clock.instant();
        for (Relation r : changed) {
            changeLog.append(r.kind().recordType(), r.id(), Operation.UPDATE, List.of("groups"), editor.origin(), now);
        }
        return new BulkReport(results);
    }

    private static BulkResult result(Relation r, Outcome outcome, String reason) {
        return new BulkResult(r.id(), r.displayName(), outcome, reason);
    }
}
