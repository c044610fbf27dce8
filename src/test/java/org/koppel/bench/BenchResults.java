package org.koppel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

/** What the benchmarks share: quiet logs, the machine line, today's results file, temporary folders. */
final class BenchResults {

    private BenchResults() {
    }

    /** Koppel's own logging would drown the figures. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    /** "Machine: cores, OS, Java" followed by {@code more} (starting with its own separator) and a full stop. */
    static String machine(String more) {
        return "Machine: %d cores, %s %s, Java %s%s.".formatted(Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), more);
    }

    /** The system load now, for the machine line: a figure measured beside other work says so. */
    static String loadAtTheEnd() {
        return "load %.1f at the end".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * Appends one section (a timestamped heading, the machine line, the table) to today's results
     * file {@code <date>-<name>.md} in {@code dir}, which starts with {@code title} when new.
     */
    static Path append(Path dir, String name, String title, String section, String machine, String table)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(LocalDate.now(ZoneOffset.UTC) + "-" + name + ".md");
        var text = new StringBuilder();
        if (!Files.exists(file)) text.append(title);
        text.append("\n## ").append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
                .append(": ").append(section).append("\n\n").append(machine).append("\n\n").append(table);
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return file;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
