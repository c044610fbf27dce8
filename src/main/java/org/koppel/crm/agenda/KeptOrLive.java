package org.koppel.crm.agenda;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.EmployeeStore;
import org.koppel.store.RelationStore;

/**
 * The rule appointments and tasks share for the employees and relations they name: a newly named
 * one must be active (an employee) or live (a relation, not deleted); one already on the stored
 * record may stay after it was deactivated or deleted, so a leaver never locks a record.
 */
final class KeptOrLive {

    private KeptOrLive() {
    }

    /** {@code kept}: the employee on the stored record, or null for a new one. */
    static void employee(Checks checks, EmployeeStore employees, String field, Long id, Long kept) {
        if (id == null || id.equals(kept)) return;
        if (!employees.activeIds(Set.of(id)).contains(id)) {
            checks.problem(field, "employee " + id + " does not exist or is not active");
        }
    }

    /** The relations named, with whether each exists and is live: two look-ups for any number. */
    record Relations(Map<Long, RelationKind> live, Map<Long, RelationKind> any) {

        static Relations of(RelationStore store, Collection<Long> ids) {
            return new Relations(store.liveKinds(ids), store.kinds(ids));
        }

        RelationKind kind(long id) {
            return any.get(id);
        }

        /** Why relation {@code id} may not be named, or null when it may ({@code kept}: it is on the stored record). */
        String refusal(long id, boolean kept) {
            if (live.containsKey(id) || (kept && any.containsKey(id))) return null;
            return "relation " + id + (any.containsKey(id) ? " is deleted" : " does not exist");
        }
    }
}
