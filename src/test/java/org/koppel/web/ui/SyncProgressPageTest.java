package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.web.ui.UiUsers.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.runtime.Connection;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.SyncRunStore;
import org.koppel.testkit.MemoryContactPeer;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** A long first sync shows how far it is: the run row carries progress, the page polls it. */
@OnH2
@AutoConfigureMockMvc
class SyncProgressPageTest {

    @Autowired MockMvc mvc;
    @Autowired Samples samples;
    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired MemoryPeers peers;
    @Autowired SyncRunStore runs;

    @Test
    void theRunUnderWayShowsHowManyContactsItHasDoneAndTheFragmentStopsPollingAfterIt() throws Exception {
        Employee user = samples.employee("progress", EmployeeRole.USER);
        Connection c = connections.create("memory", "Outlook", Map.of(), "secret",
                UiUsers.principal(user));
        for (int i = 0; i < 30; i++) samples.person("Progress" + i, null, "Person", user.id());
        String fragment = "/connections/" + c.id() + "/progress";
        assertThat(html(user, "/connections/" + c.id())).contains("The first sync starts in a moment", "every 2s");

        MemoryContactPeer outlook = peers.of(c.id());
        outlook.takeBatchesOf(10);
        var seen = new ArrayList<String>();
        var progress = new ArrayList<SyncRunStore.Progress>();
        outlook.duringCreateAll = () -> {
            progress.add(runs.running(c.id(), java.time.Instant.now()).orElseThrow());
            try {
                seen.add(html(user, fragment));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        runner.run(c.id(), "test");

        assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.total()).isEqualTo(30));
        assertThat(seen.getFirst()).contains("Syncing", "of 30 contacts", "every 2s");
        assertThat(runs.running(c.id(), java.time.Instant.now())).isEmpty();
        assertThat(html(user, fragment)).doesNotContain("Syncing", "every 2s").contains("sync-started");
    }

    private String html(Employee employee, String path) throws Exception {
        return mvc.perform(get(path).with(as(employee))).andReturn().getResponse().getContentAsString();
    }
}
