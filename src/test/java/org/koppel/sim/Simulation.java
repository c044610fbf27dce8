package org.koppel.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.koppel.crm.Origin;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.sync.SyncPolicy;
import org.koppel.testkit.sim.Fault;
import org.koppel.testkit.sim.KillSwitch;
import org.koppel.testkit.sim.KillSwitchPeer;
import org.koppel.testkit.sim.SimPeers;

/**
 * One schedule, everything drawn from its seed: a user with a connection to the peer, a colleague,
 * then a random mix of edits on both sides, scope changes, peer faults and runs killed halfway;
 * then faults stop, runs go on until two in a row change nothing, and the invariants are checked.
 */
final class Simulation {

    static final Set<SyncPolicy.ScopeRule> SCOPE = Set.of(SyncPolicy.ScopeRule.MANAGER, SyncPolicy.ScopeRule.OWNER,
            SyncPolicy.ScopeRule.SYNC_FLAG);
    private static final int QUIET_RUNS_LIMIT = 8;

    /** What one schedule did and found. */
    record Outcome(long seed, int steps, int runs, int kills, Map<Fault, Long> faults, List<String> violations,
                   List<String> trace, Duration took) {
    }

    private final Koppel koppel;
    private final PeerSide side;
    private final long seed;
    private final Random random;
    private final KillSwitch kill = new KillSwitch();
    final WriteLog writes = new WriteLog();
    final List<String> trace = new ArrayList<>();
    final List<RunReport> reports = new ArrayList<>();
    /** Persons of this schedule in the order made: picks go by position, so a replay picks the same ones. */
    final List<Long> persons = new ArrayList<>();
    final Set<Long> deletedBySchedule = new HashSet<>();
    final Set<Long> everInScope = new HashSet<>();
    final Set<String> userCreatedItems = new HashSet<>();
    final long user;
    final long colleague;
    final long connection;
    final long firstSeq;
    final boolean imports;
    private final Moves moves;

    Simulation(Koppel koppel, PeerSide side, long seed, boolean importsAllowed) {
        this.koppel = koppel;
        this.side = side;
        this.seed = seed;
        this.random = new Random(seed);
        this.user = koppel.samples.employee("sim");
        this.colleague = koppel.samples.employee("simcolleague");
        this.imports = importsAllowed && random.nextInt(3) == 0;
        String rule = random.nextInt(4) == 0 ? "PEER_WINS" : "CRM_WINS";
        this.firstSeq = koppel.changeLog.lastSeq();
        var settings = new LinkedHashMap<String, String>();
        settings.put("contacts.scope", "MANAGER,OWNER,SYNC_FLAG");
        settings.put("contacts.conflictRule", rule);
        settings.put("contacts.creation", imports ? "CREATE" : "NEVER");
        this.connection = koppel.connections.insert(SimPeers.TYPE, "sim " + seed, user, settings, null, Instant.now());
        koppel.peers.register(connection, () -> new KillSwitchPeer(side.open(), kill));
        this.moves = new Moves(this, koppel, side, random);
        side.onRace(moves::raceEdit);
        trace.add("seed " + seed + ": conflict rule " + rule + ", creation " + settings.get("contacts.creation"));
    }

    Outcome run() {
        long started = System.nanoTime();
        try {
            int steps = 20 + random.nextInt(21);
            for (int i = 0; i < 3 + random.nextInt(4); i++) moves.crmCreate();
            sampleScope();
            for (int i = 0; i < steps; i++) {
                step();
                sampleScope();
            }
            side.plan().rate(0);
            kill.disarm();
            List<String> violations = new ArrayList<>();
            if (!quiesce()) violations.add("did not settle: " + QUIET_RUNS_LIMIT + " runs without faults still changed things; last: "
                    + describe(reports.getLast()));
            violations.addAll(new Invariants(this, koppel, side).check());
            return new Outcome(seed, steps, reports.size(), kill.kills(), side.plan().applied(), violations, trace,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            koppel.peers.forget(connection);
        }
    }

    private void step() {
        int roll = random.nextInt(100);
        if (roll < 14) moves.crmEdit();
        else if (roll < 22) moves.crmEditOther();
        else if (roll < 28) moves.crmCreate();
        else if (roll < 30) moves.crmDelete();
        else if (roll < 33) moves.crmFormer();
        else if (roll < 36) moves.crmManager();
        else if (roll < 38) moves.crmOwner();
        else if (roll < 41) moves.crmSyncFlag();
        else if (roll < 44) moves.crmScopeBounce(this::syncRun);
        else if (roll < 48) moves.peerCreate();
        else if (roll < 58) moves.peerEdit();
        else if (roll < 65) moves.bothEdit();
        else if (roll < 68) moves.peerDelete();
        else syncRun();
    }

    /** A run under faults, perhaps killed at a random step, perhaps with an edit on either side while it runs. */
    private void syncRun() {
        String how = "run";
        if (random.nextInt(10) < 3) {
            int at = random.nextInt(8);
            kill.killAfter(at);
            how += ", killed at step " + at;
        }
        if (random.nextInt(10) < 2) {
            int at = random.nextInt(5);
            boolean crm = random.nextBoolean();
            kill.meanwhile(at, crm ? moves::crmEdit : moves::peerEdit);
            how += ", " + (crm ? "Koppel" : "peer") + " edit at step " + at;
        }
        RunReport report = run(how);
        kill.disarm();
        if (report.status() == RunReport.Status.NEEDS_CONFIRMATION) confirm();
    }

    private RunReport run(String how) {
        RunReport report = koppel.runner.run(connection, "sim");
        reports.add(report);
        trace.add(how + " -> " + describe(report));
        return report;
    }

    /** Rule 7's guard asked; the person confirms, as the UI would let them. */
    private void confirm() {
        koppel.connections.confirmMassChange(connection, Instant.now());
        trace.add("mass change confirmed");
    }

    /** Faults off: runs until two in a row change nothing. */
    private boolean quiesce() {
        int quiet = 0;
        for (int i = 0; i < QUIET_RUNS_LIMIT; i++) {
            RunReport r = run("quiet run");
            if (r.status() == RunReport.Status.NEEDS_CONFIRMATION) {
                confirm();
                quiet = 0;
                continue;
            }
            RunReport.Totals t = r.totals().get(DataType.CONTACTS);
            boolean nothing = r.status() == RunReport.Status.SUCCEEDED
                    && (t == null || t.created() + t.updated() + t.errors() + t.conflicts() == 0);
            quiet = nothing ? quiet + 1 : 0;
            if (quiet == 2) return true;
        }
        return false;
    }

    void sampleScope() {
        everInScope.addAll(koppel.config.personsInScope(user, SCOPE, null));
    }

    Origin origin() {
        return Origin.user(user);
    }

    static String describe(RunReport r) {
        RunReport.Totals t = r.totals() == null ? null : r.totals().get(DataType.CONTACTS);
        return r.status() + (r.errorKind() == null ? "" : " " + r.errorKind() + " (" + r.errorMessage() + ")")
                + (t == null ? "" : " total " + t.total() + " created " + t.created() + " updated " + t.updated()
                + " unchanged " + t.unchanged() + " skipped " + t.skipped() + " conflicts " + t.conflicts()
                + " errors " + t.errors())
                + (r.items().stream().anyMatch(i -> i.outcome() == RunReport.Outcome.ERROR)
                ? " " + r.items().stream().filter(i -> i.outcome() == RunReport.Outcome.ERROR).map(RunReport.Item::reason).toList() : "");
    }
}
