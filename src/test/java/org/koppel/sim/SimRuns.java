package org.koppel.sim;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.koppel.testkit.sim.Fault;

/**
 * Runs schedules as dynamic tests, one per seed, and keeps the figures. System properties:
 * <ul>
 * <li>{@code koppel.sim.seed}: replay this schedule (the seed a failure printed), or several, comma-separated;</li>
 * <li>{@code koppel.sim.schedules}: how many (default 10: the short profile of the normal test run);
 * {@code koppel.sim.pg.schedules} for the same on PostgreSQL (default 3);</li>
 * <li>{@code koppel.sim.base}: where the seeds start (default 1, so the normal run is always the same
 * schedules; {@code random} for new ones each time, as the long profile does);</li>
 * <li>{@code koppel.sim.minutes}: stop starting schedules after this long (default: no limit);</li>
 * <li>{@code koppel.sim.trace}: print every schedule's trace, not only those of failures.</li>
 * </ul>
 * Figures go to {@code target/sim/<target>.txt} after every schedule, so a long run cut short keeps them.
 */
final class SimRuns {

    private final String target;
    private long schedules;
    private long steps;
    private long runs;
    private long kills;
    private long violations;
    private long violatingSchedules;
    /** Violations of a known limitation (docs/reliability.md), counted among the violations and also on their own. */
    private long known;
    private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
    private final long started = System.nanoTime();
    private final StringBuilder failedSeeds = new StringBuilder();

    private SimRuns(String target) {
        this.target = target;
    }

    /** @param schedule runs the schedule of a seed */
    static Stream<DynamicTest> schedules(String target, String testClass, LongFunction<Schedule.Outcome> schedule) {
        return schedules(target, testClass, Long.getLong("koppel.sim.schedules", 10), schedule);
    }

    /** @param count how many schedules, unless seeds to replay are given */
    static Stream<DynamicTest> schedules(String target, String testClass, long count,
                                         LongFunction<Schedule.Outcome> schedule) {
        var figures = new SimRuns(target);
        String replay = System.getProperty("koppel.sim.seed");
        if (replay != null && !replay.isBlank()) {
            return java.util.Arrays.stream(replay.split(",")).map(String::strip).map(Long::parseLong)
                    .map(seed -> figures.test(seed, testClass, schedule));
        }
        String base = System.getProperty("koppel.sim.base", "1");
        Random seeds = new Random(base.equals("random") ? System.nanoTime() : Long.parseLong(base));
        long budget = Duration.ofMinutes(Long.getLong("koppel.sim.minutes", Long.MAX_VALUE / 120_000_000_000L)).toNanos();
        return Stream.generate(() -> Math.abs(seeds.nextLong() % 1_000_000_000_000L)).limit(count)
                .takeWhile(seed -> System.nanoTime() - figures.started < budget)
                .map(seed -> figures.test(seed, testClass, schedule));
    }

    private DynamicTest test(long seed, String testClass, LongFunction<Schedule.Outcome> schedule) {
        return DynamicTest.dynamicTest("seed " + seed, () -> {
            Schedule.Outcome o = schedule.apply(seed);
            add(o);
            System.out.println(target + " seed " + seed + ": " + o.steps() + " steps, " + o.runs() + " runs, " + o.kills()
                    + " killed, faults " + o.faults() + ", " + o.violations().size() + " violations, " + o.took().toMillis() + " ms");
            if (Boolean.getBoolean("koppel.sim.trace")) System.out.println("  " + String.join("\n  ", o.trace()));
            if (!o.violations().isEmpty()) {
                String report = "schedule " + seed + " broke " + o.violations().size() + " promise(s):\n  "
                        + String.join("\n  ", o.violations()) + "\nreplay: ./mvnw test -Dtest=" + testClass
                        + " -Dkoppel.sim.seed=" + seed + "\ntrace:\n  " + String.join("\n  ", o.trace());
                System.out.println(report); // at once: a long run's reports are written only when it ends
                fail(report);
            }
        });
    }

    private synchronized void add(Schedule.Outcome o) {
        schedules++;
        steps += o.steps();
        runs += o.runs();
        kills += o.kills();
        o.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
        if (!o.violations().isEmpty()) {
            violatingSchedules++;
            violations += o.violations().size();
            known += o.violations().stream().filter(v -> v.contains("[known: ")).count();
            failedSeeds.append(' ').append(o.seed());
        }
        write();
    }

    private void write() {
        long total = faults.values().stream().mapToLong(Long::longValue).sum();
        String text = "target " + target + "\nschedules " + schedules + "\nsteps " + steps + "\nruns " + runs
                + "\nkilled runs " + kills + "\nfaults " + total + " " + faults + "\nviolations " + violations
                + " in " + violatingSchedules + " schedules" + (known == 0 ? "" : ", " + known + " of a known limitation")
                + (failedSeeds.isEmpty() ? "" : ": seeds" + failedSeeds)
                + "\nminutes " + String.format("%.1f", (System.nanoTime() - started) / 60e9) + "\n";
        try {
            Path dir = Path.of("target", "sim");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(target + ".txt"), text);
        } catch (IOException e) {
            System.err.println("cannot write the simulation figures: " + e);
        }
    }
}
