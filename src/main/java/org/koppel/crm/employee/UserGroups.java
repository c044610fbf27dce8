package org.koppel.crm.employee;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.store.EmployeeStore;
import org.koppel.store.UserGroupStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** User groups (admins only): the middle layer of the sync settings. */
@Service
public class UserGroups {

    private final UserGroupStore store;
    private final EmployeeStore employees;

    public UserGroups(UserGroupStore store, EmployeeStore employees) {
        this.store = store;
        this.employees = employees;
    }

    public List<UserGroup> all() {
        return store.all();
    }

    public UserGroup find(long id) {
        return store.all().stream().filter(g -> g.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("user group", id));
    }

    @Transactional
    public UserGroup create(UserGroup input) {
        return create(input, List.of());
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public UserGroup create(UserGroup input, List<FieldProblem> unreadable) {
        UserGroup group = checked(input, null, unreadable);
        return find(store.insert(group));
    }

    @Transactional
    public UserGroup update(long id, UserGroup input) {
        return update(id, input, List.of());
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public UserGroup update(long id, UserGroup input, List<FieldProblem> unreadable) {
        find(id);
        store.update(id, checked(input, id, unreadable));
        return find(id);
    }

    @Transactional
    public void delete(long id) {
        find(id);
        store.delete(id);
    }

    private UserGroup checked(UserGroup g, Long selfId, List<FieldProblem> unreadable) {
        String name = Checks.clean(g.name());
        List<Long> members = g.memberIds() == null ? List.of()
                : g.memberIds().stream().filter(Objects::nonNull).distinct().sorted().toList();
        var checks = Checks.after(unreadable).required("name", name).text("name", name, 100);
        // Positions name the list as sent; the cap counts it before duplicates are dropped.
        if (g.memberIds() != null && checks.size("memberIds", g.memberIds(), Limits.USER_GROUP_MEMBERS)) {
            Set<Long> known = employees.activeIds(members);
            for (int i = 0; i < g.memberIds().size(); i++) {
                Long member = g.memberIds().get(i);
                if (member != null && !known.contains(member)) {
                    checks.problem("memberIds[" + i + "]", "employee " + member + " does not exist or is not active");
                }
            }
        }
        checks.throwIfAny();
        store.idOf(name).filter(other -> !other.equals(selfId)).ifPresent(other -> {
            throw new ConflictException("a user group '" + name + "' exists already");
        });
        return new UserGroup(selfId, name, members);
    }
}
