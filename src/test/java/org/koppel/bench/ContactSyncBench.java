package org.koppel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.koppel.testkit.Radicale;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The contact-sync benchmark behind {@code bench/run contacts}: for each size N, N persons in a
 * fresh Koppel (H2 file database, no web server, no scheduler) synced into an empty address book
 * of a fresh Radicale, then a no-op re-sync, then re-syncs after 1% edits in Koppel and 1% edits
 * on the server; beside it vdirsyncer syncing the same cards between a folder of .vcf files and a
 * second address book on the same server. HTTP requests are counted the same way for both: the
 * request lines Radicale logs. Prints a table per size and appends it to
 * {@code bench/results/<date>-contact-sync.md}.
 */
public final class ContactSyncBench {

    static final String USAGE = """
            usage: bench/run contacts [--contacts 1000,10000] [--vdirsyncer PATH] [--results DIR]
              --contacts    address-book sizes; one fresh Koppel and Radicale per size (default 1000,10000)
              --vdirsyncer  the vdirsyncer to run beside Koppel (default vdirsyncer on PATH)
              --results     where the results file goes (default bench/results)""";

    record Options(List<Integer> sizes, String vdirsyncer, Path resultsDir) {
    }

    private ContactSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        for (int size : options.sizes()) {
            System.out.printf("bench: %d contacts...%n", size);
            List<DavSyncTable.Step> steps = run(size, options.vdirsyncer());
            String table = DavSyncTable.markdown(steps);
            System.out.println();
            System.out.print(table);
            Path file = record(options, size, table);
            System.out.println("bench: results appended to " + file);
            System.out.println();
        }
        System.exit(0);
    }

    private static List<DavSyncTable.Step> run(int size, String vdirsyncer) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-contact-bench-");
        try (Radicale radicale = Radicale.start(true);
             ConfigurableApplicationContext context = BenchKoppel.start(tempDir)) {
            var koppel = new KoppelContactSide(context, radicale, size);
            var vdir = new VdirsyncerSide(radicale, vdirsyncer, tempDir.resolve("vdirsyncer"),
                    List.of(VdirsyncerSide.addressBook(radicale, size)));

            BenchRuns.Measured kInitial = koppel.initialSync();
            vdir.prepare(Map.of("cards", koppel.exportCards()));
            VdirsyncerSide.Measured vInitial = vdir.initialSync();
            BenchRuns.Measured kNoop = koppel.noOp();
            VdirsyncerSide.Measured vNoop = vdir.noOp();
            BenchRuns.Measured kLocal = koppel.editInKoppel();
            VdirsyncerSide.Measured vLocal = vdir.editLocalFiles();
            BenchRuns.Measured kPeer = koppel.editOnServer();
            VdirsyncerSide.Measured vPeer = vdir.editOnServer();

            return List.of(
                    DavSyncTable.Step.of("initial sync into an empty address book", kInitial, vInitial),
                    DavSyncTable.Step.of("no-op re-sync", kNoop, vNoop),
                    DavSyncTable.Step.of("1% edited at the source (Koppel / local .vcf files), re-sync", kLocal, vLocal),
                    DavSyncTable.Step.of("1% edited on the server (like a phone), re-sync", kPeer, vPeer));
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    static Options parse(String... args) {
        List<Integer> sizes = List.of(1000, 10_000);
        String vdirsyncer = "vdirsyncer";
        Path results = Path.of("bench", "results");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            switch (args[i]) {
                case "--contacts" -> sizes = Arrays.stream(value.split(",")).map(String::strip)
                        .map(Integer::valueOf).toList();
                case "--vdirsyncer" -> vdirsyncer = value;
                case "--results" -> results = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
            i++;
        }
        if (sizes.stream().anyMatch(n -> n < 100)) {
            throw new IllegalArgumentException("sizes must be at least 100 (1% of them is edited)\n" + USAGE);
        }
        return new Options(sizes, vdirsyncer, results);
    }

    private static Path record(Options options, int size, String table) throws IOException {
        return BenchResults.append(options.resultsDir(), "contact-sync",
                "# Contact-sync benchmark: Koppel and vdirsyncer into Radicale\n\n"
                        + "Made by `bench/run contacts`; see docs/benchmarks.md for what is measured.\n",
                size + " contacts", BenchResults.machine(", " + VdirsyncerSide.version("radicale") + ", "
                        + VdirsyncerSide.version("vdirsyncer") + "; " + BenchResults.loadAtTheEnd()), table);
    }
}
