package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.ConflictException;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.SyncRunStore;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/** A deactivated employee's connections stop: paused with a reason, never picked by the scheduler, not resumable. */
abstract class OwnerDeactivationContract {

    @Autowired Connections connections;
    @Autowired ConnectionStore store;
    @Autowired SyncRunner runner;
    @Autowired SyncJobs jobs;
    @Autowired ChangeFanout fanout;
    @Autowired SyncRunStore runs;
    @Autowired MemoryPeers peers;
    @Autowired Employees employees;
    @Autowired Relations relations;
    @Autowired Groups groups;
    @Autowired Samples samples;

    @Test
    void aDeactivatedOwnersConnectionsArePausedWithTheReasonAndAreNotRun() {
        Employee owner = samples.employee("leaver", EmployeeRole.USER);
        long colleague = samples.employee("colleague");
        Person owned = (Person) relations.create(Samples.person("Olga", null, "Eigen", colleague, List.of(owner.id())),
                Origin.system());
        Connection phone = connections.create("memory", "phone", Map.of(), "secret", principal(owner));
        Connection laptop = connections.create("memory", "laptop", Map.of(), "secret", principal(owner));
        connections.pause(laptop.id(), principal(owner));
        runner.run(phone.id(), "manual");
        assertThat(peers.of(phone.id()).contents()).as("it synced while its owner was active").hasSize(1);

        employees.update(owner.id(), owner.version(), withActive(owner, false), Origin.system());

        for (Connection c : List.of(connections.find(phone.id(), admin()), connections.find(laptop.id(), admin()))) {
            assertThat(c.status()).isEqualTo(Connection.Status.PAUSED);
            assertThat(c.statusReason()).isEqualTo("the owner's account was deactivated");
        }
        assertThat(jobs.dueAt(phone.id())).as("the scheduler's pick").isEmpty();
        assertThat(jobs.dueAt(laptop.id())).as("the scheduler's pick").isEmpty();
        // a change that concerns the connections linking the group's member: the paused ones stay out of it
        groups.create(new Group(null, null, "Any " + owner.id(), "Outlook", colleague, true, List.of(owned.id()), null, null),
                GroupEditor.system());
        assertThat(fanout.fanOut()).as("a group change concerns the active connections linking its members only")
                .doesNotContain(phone.id(), laptop.id());
        assertThatThrownBy(() -> runner.run(phone.id(), "manual")).isInstanceOf(ConflictException.class);
        assertThat(runs.recent(phone.id(), 10)).as("only the run before the deactivation").hasSize(1);
    }

    @Test
    void aDeactivatedOwnersConnectionIsResumedOnlyAfterTheOwnerIsActiveAgain() {
        Employee owner = samples.employee("returner", EmployeeRole.USER);
        Connection phone = connections.create("memory", "phone", Map.of(), "secret", principal(owner));
        Employee inactive = employees.update(owner.id(), owner.version(), withActive(owner, false), Origin.system());

        assertThatThrownBy(() -> connections.resume(phone.id(), admin())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("belongs to a deactivated employee");
        assertThatThrownBy(() -> connections.confirmMassChange(phone.id(), admin())).isInstanceOf(ConflictException.class);
        assertThat(connections.find(phone.id(), admin()).status()).isEqualTo(Connection.Status.PAUSED);

        employees.update(owner.id(), inactive.version(), withActive(inactive, true), Origin.system());
        assertThat(connections.find(phone.id(), admin()).status()).as("a reactivated owner resumes it himself")
                .isEqualTo(Connection.Status.PAUSED);
        assertThat(connections.resume(phone.id(), principal(owner)).status()).isEqualTo(Connection.Status.ACTIVE);
    }

    private static KoppelUser principal(Employee e) {
        return new KoppelUser(e.id(), e.login(), null, e.role(), true, false, null);
    }

    private static KoppelUser admin() {
        return new KoppelUser(1, "admin", null, EmployeeRole.ADMIN, true, false, null);
    }

    private static Employee withActive(Employee e, boolean active) {
        return new Employee(e.id(), e.version(), e.login(), e.displayName(), e.emails(), e.role(), active, e.personId(),
                null, null);
    }
}
