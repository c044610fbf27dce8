package org.koppel.sim;

import org.koppel.crm.relation.Relations;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.ConnectionStore;
import org.koppel.store.LinkStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncRunStore;
import org.koppel.testkit.Samples;
import org.koppel.testkit.sim.SimPeers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/** The parts of Koppel a simulation drives and inspects: the real write path, runner and stores. */
@Component
class Koppel {
    @Autowired Relations relations;
    @Autowired org.koppel.crm.agenda.Appointments appointments;
    @Autowired org.koppel.crm.agenda.Tasks tasks;
    @Autowired org.koppel.store.AppointmentStore appointmentStore;
    @Autowired org.koppel.store.TaskStore taskStore;
    @Autowired org.koppel.runtime.SyncSettings settings;
    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired SyncRunStore runs;
    @Autowired LinkStore links;
    @Autowired SyncConfigStore config;
    @Autowired ChangeLogStore changeLog;
    @Autowired Samples samples;
    @Autowired SimPeers peers;
    @Autowired ObjectMapper json;
    @Autowired org.koppel.security.OutboundPolicy outbound;
}
