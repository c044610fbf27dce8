package org.koppel.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.koppel.sync.DataType;
import org.koppel.sync.SyncWindow;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.KillSwitchPeer;
import org.koppel.testkit.sim.SimPeers;

/**
 * One schedule of appointments and tasks, everything drawn from its seed: a user whose connection
 * syncs both ways with a calendar and a task list, a colleague, then a random mix of edits on both
 * sides, items moved in and out of the window, peer faults and runs killed halfway or raced; then
 * the quiet runs and the checks of {@link AgendaInvariants}, per data type ({@link Schedule}).
 */
final class AgendaSimulation extends Schedule {

    private final StoreSide calendar;
    private final StoreSide taskList;
    final AgendaMoves<org.koppel.crm.agenda.Appointment> appointments;
    final AgendaMoves<org.koppel.crm.agenda.Task> tasks;
    final LinkedHashMap<String, String> settings = new LinkedHashMap<>();
    private int counter;

    AgendaSimulation(Koppel koppel, StoreSide calendar, StoreSide taskList, long seed) {
        super(koppel, seed);
        this.calendar = calendar;
        this.taskList = taskList;
        settings.put("appointments.direction", "BOTH");
        settings.put("tasks.direction", "BOTH");
        settings.put("appointments.conflictRule", rule());
        settings.put("tasks.conflictRule", rule());
        this.connection = koppel.connections.insert(SimPeers.TYPE, "agenda sim " + seed, user, settings, null, Instant.now());
        this.appointments = new AgendaMoves<>(this, new AppointmentKind(koppel), calendar, random);
        this.tasks = new AgendaMoves<>(this, new TaskKind(koppel), taskList, random);
        for (AgendaMoves<?> m : List.of(appointments, tasks)) {
            koppel.peers.register(connection, m.kind.type(), () -> new KillSwitchPeer(new WatchedPeer(m.side.open(), m.creates), kill));
            m.side.onRace(m::raceEdit);
        }
        trace.add("seed " + seed + ": " + settings);
    }

    private String rule() {
        int roll = random.nextInt(4);
        return roll < 2 ? "CRM_WINS" : roll == 2 ? "PEER_WINS" : "NEWEST_WINS";
    }

    int next() {
        return ++counter;
    }

    /** The window of a run now, as the engine takes it from the policy. */
    SyncWindow window(DataType type) {
        return koppel.settings.policyFor(user, type, settings).window(Instant.now());
    }

    @Override
    int stepCount() {
        return 25 + random.nextInt(21);
    }

    @Override
    void prepare() {
        for (int i = 0; i < 3 + random.nextInt(4); i++) appointments.crmCreate();
        for (int i = 0; i < 2 + random.nextInt(4); i++) tasks.crmCreate();
    }

    @Override
    void step() {
        int roll = random.nextInt(100);
        if (roll >= 50) {
            syncRun();
            return;
        }
        AgendaMoves<?> m = random.nextInt(100) < 55 ? appointments : tasks;
        if (roll < 10) m.crmEdit();
        else if (roll < 15) m.crmCreate();
        else if (roll < 18) m.crmDelete();
        else if (roll < 20) m.crmHandOver();
        else if (roll < 25) m.peerCreate();
        else if (roll < 37) m.peerEdit();
        else if (roll < 45) m.bothEdit();
        else m.peerDelete();
    }

    @Override
    void between() {
        appointments.sample(window(DataType.APPOINTMENTS));
        tasks.sample(window(DataType.TASKS));
    }

    @Override
    List<FaultPlan> plans() {
        return List.of(calendar.plan(), taskList.plan());
    }

    @Override
    List<String> invariants() {
        var found = new ArrayList<String>();
        found.addAll(new AgendaInvariants<>(this, appointments).check());
        found.addAll(new AgendaInvariants<>(this, tasks).check());
        found.addAll(reportsAddUp());
        return found;
    }

    @Override
    void crmEditMeanwhile() {
        (random.nextBoolean() ? appointments : tasks).crmEdit();
    }

    @Override
    void peerEditMeanwhile() {
        (random.nextBoolean() ? appointments : tasks).peerEdit();
    }
}
