package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/** Connections.updateSettings: settings that need no new sign-in, such as a source connection's relation-type mapping. */
@OnH2
class ConnectionSettingsUpdateTest {

    @Autowired Connections connections;
    @Autowired ConnectionStore store;
    @Autowired Samples samples;

    @Test
    void changesOnlyTheSettingsABlankOneRemovedAndKeepsSecretStatusAndRunRequest() {
        KoppelUser owner = principal(samples.employee("mees", EmployeeRole.USER));
        Connection c = connections.create("memory", "Phone", Map.of("url", "contacts.example.org", "relationType.9", "old"),
                "app-password", owner);
        String sealed = store.sealedSecret(c.id());
        // ran just now: only a run request would make it due before the next pull
        long token = store.acquireLease(c.id(), "test-node", "boot", Instant.now(), Instant.now().plusSeconds(60)).orElseThrow();
        store.releaseLease(c.id(), token, Instant.now());

        var changes = new HashMap<String, String>();
        changes.put("relationType.1", " Client ");
        changes.put("relationType.9", "");
        changes.put("archived", "FORMER");
        Connection updated = connections.updateSettings(c.id(), changes, owner);

        assertThat(updated.settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("url", "contacts.example.org", "relationType.1", "Client", "archived", "FORMER"));
        assertThat(updated.version()).isGreaterThan(c.version());
        assertThat(store.sealedSecret(c.id())).isEqualTo(sealed);
        assertThat(store.runState(c.id()).orElseThrow().runRequested()).as("no run requested").isFalse();

        // a paused connection stays paused, with its reason (updateAccess would make it active)
        store.setStatus(c.id(), Connection.Status.PAUSED, "waiting", Instant.now());
        Connection paused = connections.updateSettings(c.id(), Map.of("archived", "ACTIVE"), owner);
        assertThat(paused.status()).isEqualTo(Connection.Status.PAUSED);
        assertThat(paused.statusReason()).isEqualTo("waiting");
        assertThat(paused.settings()).containsEntry("archived", "ACTIVE").containsEntry("relationType.1", "Client");
    }

    @Test
    void isCheckedLikeTheOtherChangesAndStoresNothingRefused() {
        KoppelUser owner = principal(samples.employee("fenna", EmployeeRole.USER));
        KoppelUser other = principal(samples.employee("gijs", EmployeeRole.USER));
        Connection c = connections.create("memory", "Phone", Map.of("url", "contacts.example.org"), "app-password", owner);

        assertThatThrownBy(() -> connections.updateSettings(c.id(), Map.of("archived", "FORMER"), other))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> connections.updateSettings(c.id(),
                Map.of("archived", "FORMER", "url", "https://fenna:geheim@contacts.example.org"), owner))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems())
                        .anyMatch(p -> p.field().equals("settings.url") && p.reason().contains("holds a password")));
        assertThat(store.find(c.id()).orElseThrow().settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("url", "contacts.example.org"));
    }

    private static KoppelUser principal(Employee employee) {
        return new KoppelUser(employee.id(), employee.login(), "{noop}unused", employee.role(), true, false, null);
    }
}
