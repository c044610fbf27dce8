package org.koppel.crm.relation;

import java.time.Clock;
import java.util.List;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.UnprocessableException;
import org.koppel.store.SavedFilterStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved filters of the relation list. Each is its creator's; an admin may share one with everyone
 * (a shared filter is shown on everybody's list page, so only admins decide what is on it). One's
 * own filters are deleted by oneself, shared ones by admins too; filters of others that are not
 * shared are not there for anyone else (404).
 */
@Service
public class SavedFilters {

    public static final int MAX_NAME = 100;
    /** A person's own list of filters stays a list one can pick from. */
    public static final int MAX_PER_EMPLOYEE = 100;

    private final SavedFilterStore store;
    private final Clock clock;

    public SavedFilters(SavedFilterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<SavedFilter> visibleTo(long employeeId) {
        return store.visibleTo(employeeId);
    }

    public SavedFilter find(long id, long employeeId) {
        return store.find(id).filter(f -> f.shared() || f.ownerId() == employeeId)
                .orElseThrow(() -> new NotFoundException("saved filter", id));
    }

    /** @param filter already read strictly (API) or taken from the list page's own URL */
    @Transactional
    public SavedFilter save(long employeeId, boolean admin, String name, boolean shared, RelationListFilter filter) {
        String clean = Checks.clean(name);
        new Checks().required("name", clean).text("name", clean, MAX_NAME).throwIfAny();
        if (shared && !admin) throw new UnprocessableException("shared", "only an admin shares a filter with everyone");
        if (store.nameTaken(employeeId, clean)) {
            throw new ConflictException("you have a saved filter named '" + clean + "' already; choose another name "
                    + "or delete that one first");
        }
        if (store.visibleTo(employeeId).stream().filter(f -> f.ownerId() == employeeId).count() >= MAX_PER_EMPLOYEE) {
            throw new UnprocessableException("name", "you have " + MAX_PER_EMPLOYEE + " saved filters; delete one first");
        }
        long id = store.insert(employeeId, clean, shared, filter.params(), clock.instant());
        return store.find(id).orElseThrow();
    }

    @Transactional
    public void delete(long id, long employeeId, boolean admin) {
        SavedFilter filter = find(id, employeeId);
        if (filter.ownerId() != employeeId && !admin) {
            throw new AccessDeniedException("saved filter " + id + " is shared by someone else; only they or an admin delete it");
        }
        store.delete(id);
    }
}
