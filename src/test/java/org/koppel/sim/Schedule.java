package org.koppel.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.koppel.crm.Origin;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.sim.Fault;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.KillSwitch;

/**
 * What every schedule shares, whatever data types it syncs: the seed's random, the kill switch, the
 * runs (killed at a random step, or with an edit while they write), rule 7's confirmation, and the
 * end: faults stop, runs go on until two in a row change nothing, then the invariants are checked.
 * A schedule of one kind of records says how it sets up, what one step does and what it checks.
 */
abstract class Schedule {

    private static final int QUIET_RUNS_LIMIT = 8;

    /** What one schedule did and found. */
    record Outcome(long seed, int steps, int runs, int kills, Map<Fault, Long> faults, List<String> violations,
                   List<String> trace, Duration took) {
    }

    final Koppel koppel;
    final long seed;
    final Random random;
    final KillSwitch kill = new KillSwitch();
    final List<String> trace = new ArrayList<>();
    final List<RunReport> reports = new ArrayList<>();
    final long user;
    final long colleague;
    final long firstSeq;
    /** Set by the subclass once it made its connection. */
    long connection;

    Schedule(Koppel koppel, long seed) {
        this.koppel = koppel;
        this.seed = seed;
        this.random = new Random(seed);
        this.user = koppel.samples.employee("sim");
        this.colleague = koppel.samples.employee("simcolleague");
        this.firstSeq = koppel.changeLog.lastSeq();
    }

    /** How many steps; drawn first, so a replay of the seed draws the same. */
    abstract int stepCount();

    /** The records a schedule starts with. */
    abstract void prepare();

    abstract void step();

    /** After every step: what the invariants need to know of the state in between (who was in scope, say). */
    abstract void between();

    /** The fault plans of the schedule's peer stores: they stop for the quiet runs and are counted. */
    abstract List<FaultPlan> plans();

    /** The promises, checked once the schedule has settled; each violation names the seed's record and item. */
    abstract List<String> invariants();

    /** Edits while a run is under way: in Koppel, or by the peer's user. */
    abstract void crmEditMeanwhile();

    abstract void peerEditMeanwhile();

    Outcome run() {
        long started = System.nanoTime();
        try {
            int steps = stepCount();
            prepare();
            between();
            for (int i = 0; i < steps; i++) {
                step();
                between();
            }
            plans().forEach(p -> p.rate(0));
            kill.disarm();
            List<String> violations = new ArrayList<>();
            if (!quiesce()) violations.add("did not settle: " + QUIET_RUNS_LIMIT + " runs without faults still changed things; last: "
                    + describe(reports.getLast()));
            violations.addAll(invariants());
            Map<Fault, Long> faults = new EnumMap<>(Fault.class);
            plans().forEach(p -> p.applied().forEach((k, v) -> faults.merge(k, v, Long::sum)));
            return new Outcome(seed, steps, reports.size(), kill.kills(), faults,
                    violations.stream().map(v -> "seed " + seed + ": " + v).toList(), trace,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            koppel.peers.forget(connection);
        }
    }

    /** A run under faults, perhaps killed at a random step, perhaps with an edit on either side while it runs. */
    void syncRun() {
        String how = "run";
        if (random.nextInt(10) < 3) {
            int at = random.nextInt(8);
            kill.killAfter(at);
            how += ", killed at step " + at;
        }
        if (random.nextInt(10) < 2) {
            int at = random.nextInt(5);
            boolean crm = random.nextBoolean();
            kill.meanwhile(at, crm ? this::crmEditMeanwhile : this::peerEditMeanwhile);
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
        koppel.connections.confirmMassChange(connection, java.time.Instant.now());
        trace.add("mass change confirmed");
    }

    /** Faults off: runs until two in a row change nothing, for every data type. */
    private boolean quiesce() {
        int quiet = 0;
        for (int i = 0; i < QUIET_RUNS_LIMIT; i++) {
            RunReport r = run("quiet run");
            if (r.status() == RunReport.Status.NEEDS_CONFIRMATION) {
                confirm();
                quiet = 0;
                continue;
            }
            boolean nothing = r.status() == RunReport.Status.SUCCEEDED && (r.totals() == null || r.totals().values().stream()
                    .allMatch(t -> t.created() + t.updated() + t.errors() + t.conflicts() == 0));
            quiet = nothing ? quiet + 1 : 0;
            if (quiet == 2) return true;
        }
        return false;
    }

    Origin origin() {
        return Origin.user(user);
    }

    /** The change log's entries of these record types since the schedule began. */
    List<org.koppel.crm.Change> changesSinceStart(java.util.Set<org.koppel.crm.RecordType> types) {
        var all = new ArrayList<org.koppel.crm.Change>();
        long after = firstSeq;
        List<org.koppel.crm.Change> page;
        do {
            page = koppel.changeLog.after(after, 1000);
            for (var c : page) {
                if (types.contains(c.recordType())) all.add(c);
                after = c.seq();
            }
        } while (page.size() == 1000);
        return all;
    }

    /** The records the schedule's connection created in Koppel (imported), among {@code changes}. */
    java.util.Set<Long> importedBy(List<org.koppel.crm.Change> changes) {
        var imported = new java.util.HashSet<Long>();
        for (var c : changes) {
            if (c.operation() == org.koppel.crm.Change.Operation.CREATE && c.origin().equals(Origin.connection(connection))) {
                imported.add(c.recordId());
            }
        }
        return imported;
    }

    /** Rule 7: a delete in the change log made by a sync, any sync, is a violation. */
    static List<String> deletesBySync(List<org.koppel.crm.Change> changes) {
        return changes.stream().filter(c -> c.operation() == org.koppel.crm.Change.Operation.DELETE
                        && c.origin().type() == Origin.OriginType.CONNECTION)
                .map(c -> "record " + c.recordId() + " was deleted by connection " + c.origin().id()).toList();
    }

    static String describe(RunReport r) {
        Map<DataType, RunReport.Totals> totals = r.totals() == null ? Map.of() : r.totals();
        var parts = new ArrayList<String>();
        totals.forEach((type, t) -> parts.add((totals.size() > 1 ? type.name().toLowerCase(java.util.Locale.ROOT) + ": " : "") + "total "
                + t.total() + " created " + t.created() + " updated " + t.updated() + " unchanged " + t.unchanged()
                + " skipped " + t.skipped() + " conflicts " + t.conflicts() + " errors " + t.errors()));
        return r.status() + (r.errorKind() == null ? "" : " " + r.errorKind() + " (" + r.errorMessage() + ")")
                + (parts.isEmpty() ? "" : " " + String.join("; ", parts))
                + (r.items().stream().anyMatch(i -> i.outcome() == RunReport.Outcome.ERROR)
                ? " " + r.items().stream().filter(i -> i.outcome() == RunReport.Outcome.ERROR).map(RunReport.Item::reason).toList() : "");
    }

    /**
     * Every run finished with a status, a failed one with a reason; per data type its totals add up
     * to its items, and the conflicts it reports are the rows it logged.
     */
    List<String> reportsAddUp() {
        var found = new ArrayList<String>();
        Map<String, Long> conflictsLogged = new java.util.HashMap<>();
        koppel.runs.conflicts(connection).forEach(c -> conflictsLogged.merge(c.runId() + "/" + c.dataType(), 1L, Long::sum));
        for (RunReport r : reports) {
            if (r.status() == null || r.status() == RunReport.Status.RUNNING) {
                found.add("run " + r.id() + " never finished");
                continue;
            }
            if (r.totals() != null) r.totals().forEach((type, t) -> {
                long listed = r.items().stream().filter(i -> i.dataType() == type && i.outcome() != RunReport.Outcome.CONFLICT).count();
                long conflicts = r.items().stream().filter(i -> i.dataType() == type && i.outcome() == RunReport.Outcome.CONFLICT).count();
                long logged = conflictsLogged.getOrDefault(r.id() + "/" + type, 0L);
                if (t.total() != t.created() + t.updated() + t.unchanged() + t.skipped() + t.errors()
                        || listed != t.total() - t.unchanged() || conflicts != t.conflicts() || logged != t.conflicts()) {
                    found.add("run " + r.id() + " does not add up for " + type + ": " + describe(r) + ", " + listed
                            + " items, " + logged + " conflicts logged");
                }
            });
            if (r.status() != RunReport.Status.SUCCEEDED && (r.errorKind() == null || r.errorMessage() == null)) {
                found.add("run " + r.id() + " " + r.status() + " without a reason");
            }
        }
        return found;
    }
}
