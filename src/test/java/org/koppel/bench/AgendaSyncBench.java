package org.koppel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.bench.BenchRuns.Measured;
import org.koppel.testkit.Radicale;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The agenda-sync benchmark behind {@code bench/run agenda}: N appointments and M tasks of one
 * employee in a fresh Koppel (H2 file database, no web server, no scheduler) synced into an empty
 * calendar and task list of a fresh Radicale, then a no-op re-sync, then re-syncs after 1% edits in
 * Koppel and 1% edits on the server; beside it vdirsyncer syncing the same objects between two
 * folders of .ics files and a second calendar and task list on the same server. HTTP requests are
 * counted the same way for both: the request lines Radicale logs. Prints a table and appends it to
 * {@code bench/results/<date>-agenda-sync.md}.
 */
public final class AgendaSyncBench {

    static final String USAGE = """
            usage: bench/run agenda [--appointments 2000] [--tasks 2000] [--vdirsyncer PATH] [--results DIR]
              --appointments  appointments of the employee, all inside the sync window (default 2000)
              --tasks         open tasks of the employee, due inside the window (default 2000)
              --vdirsyncer    the vdirsyncer to run beside Koppel (default vdirsyncer on PATH)
              --results       where the results file goes (default bench/results)""";

    record Options(int appointments, int tasks, String vdirsyncer, Path resultsDir) {
    }

    private AgendaSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        System.out.printf("bench: %d appointments and %d tasks...%n", options.appointments(), options.tasks());
        String table = DavSyncTable.markdown(run(options.appointments(), options.tasks(), options.vdirsyncer()));
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(options.resultsDir(), "agenda-sync",
                "# Agenda-sync benchmark: Koppel and vdirsyncer into Radicale\n\n"
                        + "Made by `bench/run agenda`; see docs/benchmarks.md for what is measured.\n",
                options.appointments() + " appointments and " + options.tasks() + " tasks",
                BenchResults.machine(", " + VdirsyncerSide.version("radicale") + ", " + VdirsyncerSide.version("vdirsyncer")
                        + "; " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    /** Every step on both sides in a fresh Koppel and Radicale, each checked for what it did; throws when one did not do it. */
    static List<DavSyncTable.Step> run(int appointments, int tasks, String vdirsyncer) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-agenda-bench-");
        try (Radicale radicale = Radicale.start(true);
             ConfigurableApplicationContext context = BenchKoppel.start(tempDir)) {
            return run(context, radicale, tempDir.resolve("vdirsyncer"), appointments, tasks, vdirsyncer);
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    /** The steps in a given Koppel and Radicale (logging its requests), vdirsyncer's files and status in {@code vdirRoot}. */
    static List<DavSyncTable.Step> run(ApplicationContext context, Radicale radicale, Path vdirRoot, int appointments,
                                       int tasks, String vdirsyncer) throws Exception {
        var koppel = new KoppelAgendaSide(context, radicale, appointments, tasks);
        var vdir = new VdirsyncerSide(radicale, vdirsyncer, vdirRoot, List.of(
                VdirsyncerSide.calendar(radicale, "appointments", "VEVENT", appointments),
                VdirsyncerSide.calendar(radicale, "tasks", "VTODO", tasks)));

        Measured kInitial = koppel.initialSync();
        vdir.prepare(Map.of("appointments", koppel.exportAppointments(), "tasks", koppel.exportTasks()));
        VdirsyncerSide.Measured vInitial = vdir.initialSync();
        Measured kNoop = koppel.noOp();
        VdirsyncerSide.Measured vNoop = vdir.noOp();
        Measured kLocal = koppel.editInKoppel();
        VdirsyncerSide.Measured vLocal = vdir.editLocalFiles();
        Measured kPeer = koppel.editOnServer();
        VdirsyncerSide.Measured vPeer = vdir.editOnServer();

        return List.of(
                DavSyncTable.Step.of("initial sync into an empty calendar and task list", kInitial, vInitial),
                DavSyncTable.Step.of("no-op re-sync", kNoop, vNoop),
                DavSyncTable.Step.of("1% edited at the source (Koppel / local .ics files), re-sync", kLocal, vLocal),
                DavSyncTable.Step.of("1% edited on the server (like a phone), re-sync", kPeer, vPeer));
    }

    static Options parse(String... args) {
        var options = BenchArgs.parse(args, Set.of("--appointments", "--tasks", "--vdirsyncer", "--results"), USAGE);
        int appointments = options.number("--appointments", 2000);
        int tasks = options.number("--tasks", 2000);
        options.require(appointments >= 100 && tasks >= 100, "give at least 100 appointments and 100 tasks (1% of them is edited)");
        return new Options(appointments, tasks, options.text("--vdirsyncer", "vdirsyncer"),
                Path.of(options.text("--results", "bench/results")));
    }
}
