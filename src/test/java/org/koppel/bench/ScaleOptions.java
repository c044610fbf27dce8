package org.koppel.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What one {@code bench/run scale} measures.
 *
 * @param connections CardDAV connections, one employee and one address book of the stand-in each
 * @param persons persons per employee, so cards per address book
 * @param pull the pull interval the nodes run with ({@code koppel.sync.pull-interval})
 * @param window the measured steady window, after every connection's first run
 * @param editsPerSecond CRM edits made through {@code Relations.update} during the window
 * @param nodes Koppel processes on the one database
 * @param killAfter with two nodes: when in the window the second is killed (kill -9); null: never
 * @param floor how long the plain client pulls at the same rate, after Koppel's window
 * @param web whether the nodes start their web server (the smoke test needs none)
 */
record ScaleOptions(int connections, int persons, Duration pull, Duration window, double editsPerSecond, int nodes,
                    Duration killAfter, Duration floor, boolean web, Path resultsDir) {

    static final String USAGE = """
            usage: bench/run scale [--connections 10000] [--persons 3] [--pull PT5M] [--minutes 12]
                                   [--edits-per-second 2] [--nodes 1|2] [--kill-after-minutes 6|never] [--floor-seconds 60]
                                   [--results DIR]
              --connections         CardDAV connections to the light stand-in, one employee each (default 10000)
              --persons             persons per employee, each a card (default 3)
              --pull                the nodes' koppel.sync.pull-interval (default PT5M)
              --minutes             the measured window after every connection's first run (default 12)
              --edits-per-second    CRM edits during the window, through Relations.update (default 2)
              --nodes               Koppel processes on the one PostgreSQL (default 1)
              --kill-after-minutes  with --nodes 2: kill -9 the second node this far into the window, or never
                                    (default 6, or half the window when shorter)
              --floor-seconds       the plain client's pulls at the same rate, after the window (default 60)
              --results             where the results file goes (default bench/results)""";

    static ScaleOptions parse(String... args) {
        var a = BenchArgs.parse(args, Set.of("--connections", "--persons", "--pull", "--minutes", "--edits-per-second",
                "--nodes", "--kill-after-minutes", "--floor-seconds", "--results"), USAGE);
        int nodes = a.number("--nodes", 1);
        a.require(nodes == 1 || nodes == 2, "--nodes is 1 or 2");
        Duration pull;
        double minutes, editRate, killAfter;
        try {
            pull = Duration.parse(a.text("--pull", "PT5M"));
            minutes = Double.parseDouble(a.text("--minutes", "12"));
            editRate = Double.parseDouble(a.text("--edits-per-second", "2"));
            String kill = a.text("--kill-after-minutes", Double.toString(Math.min(6, minutes / 2)));
            killAfter = kill.equals("never") ? -1 : Double.parseDouble(kill);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable option: " + e.getMessage() + "\n" + USAGE);
        }
        a.require(a.number("--connections", 10_000) > 0 && a.number("--persons", 3) > 0 && minutes > 0,
                "connections, persons and minutes must be positive");
        a.require(killAfter < minutes, "--kill-after-minutes must fall inside the window");
        boolean kill = nodes == 2 && killAfter >= 0;
        return new ScaleOptions(a.number("--connections", 10_000), a.number("--persons", 3), pull, minutes(minutes),
                editRate, nodes, kill ? minutes(killAfter) : null,
                Duration.ofSeconds(a.number("--floor-seconds", 60)), true, Path.of(a.text("--results", "bench/results")));
    }

    private static Duration minutes(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }
}
