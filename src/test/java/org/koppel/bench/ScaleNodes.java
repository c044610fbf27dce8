package org.koppel.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.koppel.KoppelApplication;
import org.koppel.testkit.Loopback;

/**
 * Koppel nodes as separate JVM processes on the test classpath, all on one database with one secret key, each with
 * its own {@code koppel.node-id}, data folder, port and log file, and their scheduler on; and what they cost in
 * CPU time, sampled while they live (a killed process's time is its last sample).
 */
final class ScaleNodes implements AutoCloseable {

    /** One node process; {@code log} holds its standard output and error. */
    record Node(String id, Process process, Path log, int port) {
    }

    private final List<String> databaseArguments;
    private final String secretKey;
    private final String metricsToken;
    private final Duration pull;
    private final boolean web;
    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Long, Duration> lastCpu = new ConcurrentHashMap<>();

    ScaleNodes(List<String> databaseArguments, String secretKey, String metricsToken, Duration pull, boolean web,
               Path dir) {
        this.databaseArguments = databaseArguments;
        this.secretKey = secretKey;
        this.metricsToken = metricsToken;
        this.pull = pull;
        this.web = web;
        this.dir = dir;
    }

    /** Starts the nodes side by side and waits until each has started (its Spring context up), at most 3 minutes. */
    List<Node> start(int count) throws IOException, InterruptedException {
        for (int i = 1; i <= count; i++) nodes.add(launch("node-" + i));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        for (Node node : nodes) {
            while (!Files.readString(node.log).contains("Started KoppelApplication")) {
                if (!node.process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(node.id + " did not start; the end of its log:\n" + tail(node.log));
                }
                Thread.sleep(200);
            }
        }
        return List.copyOf(nodes);
    }

    private Node launch(String id) throws IOException {
        Path data = Files.createDirectories(dir.resolve(id));
        Path log = dir.resolve(id + ".log");
        int port = web ? freePort() : 0;
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        var command = new ArrayList<>(List.of(java));
        String options = System.getenv("KOPPEL_BENCH_NODE_JAVA_OPTS");
        if (options != null && !options.isBlank()) command.addAll(List.of(options.strip().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KoppelApplication.class.getName()));
        command.addAll(databaseArguments);
        command.addAll(List.of("--koppel.demo=false", "--koppel.admin-password=bench-admin-password",
                "--koppel.sync.scheduler=true", "--koppel.sync.pull-interval=" + pull, "--koppel.node-id=" + id,
                "--koppel.data-dir=" + data.toAbsolutePath(), "--koppel.outbound.allow=" + Loopback.OUTBOUND_ALLOW,
                "--logging.level.root=WARN", "--logging.level.org.koppel.KoppelApplication=INFO",
                "--spring.main.banner-mode=off",
                "--koppel.metrics-token=" + metricsToken));
        // Without a web server nothing else keeps the JVM alive: the scheduler runs on virtual (daemon) threads.
        command.add(web ? "--server.port=" + port : "--spring.main.web-application-type=none");
        command.add("--spring.main.keep-alive=true");
        // More settings for the nodes, e.g. the scheduler's: KOPPEL_BENCH_NODE_ARGS="--koppel.sync.workers=8".
        String more = System.getenv("KOPPEL_BENCH_NODE_ARGS");
        if (more != null && !more.isBlank()) command.addAll(List.of(more.strip().split("\\s+")));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KOPPEL_SECRET_KEY", secretKey);
        builder.environment().put("KOPPEL_NODE_ID", id);
        builder.environment().remove("KOPPEL_DB_URL");
        return new Node(id, builder.start(), log, port);
    }

    /** kill -9: no shutdown hook, no lease given back, as a machine that dies. */
    void kill(Node node) throws InterruptedException {
        sample();
        node.process.destroyForcibly();
        node.process.waitFor();
    }

    /** Notes every live node's CPU time so far. */
    void sample() {
        for (Node node : nodes) {
            node.process.toHandle().info().totalCpuDuration().ifPresent(cpu -> lastCpu.put(node.process.pid(), cpu));
        }
    }

    /** The CPU time of all nodes as last sampled. */
    Duration cpu() {
        sample();
        return lastCpu.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) node.process.destroy();
        for (Node node : nodes) {
            if (!node.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) node.process.destroyForcibly().waitFor();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
