package org.koppel.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Radicale CardDAV/CalDAV server (Debian's {@code radicale} package) on a free loopback
 * port, with its own storage folder and two users, {@link #ALICE} and {@link #BOB}, each allowed
 * only their own collections ({@code owner_only}).
 *
 * <p>Without Radicale installed the tests are skipped, unless {@code CI} is set: there a missing
 * server fails the build, so a CI that forgot to install it can't pass by skipping.
 */
public final class Radicale implements AutoCloseable {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    private static final Map<String, String> PASSWORDS = Map.of(ALICE, "alice-app-password", BOB, "bob-app-password");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private static Radicale shared;

    private final Process process;
    private final Path folder;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Radicale(Process process, Path folder, URI base) {
        this.process = process;
        this.folder = folder;
        this.base = base;
        this.log = folder.resolve("radicale.log");
    }

    /** One server for the whole test JVM, stopped when the JVM exits; tests isolate by address book. */
    public static synchronized Radicale shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Radicale s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "radicale-stop"));
        }
        return shared;
    }

    /** A server of its own; close it after. */
    public static Radicale start() {
        return start(false);
    }

    /**
     * A server of its own that, with {@code logRequests}, logs every request it receives at info
     * level, so that {@link #requestsLogged()} counts them whoever the client is.
     */
    public static Radicale start(boolean logRequests) {
        List<String> command = command();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before Radicale binds it
            try {
                return startOn(command, ServerProcesses.freePort(), logRequests ? "info" : "warning");
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public URI baseUri() {
        return base;
    }

    /** "127.0.0.1:port": what a person would type as the server. */
    public String hostAndPort() {
        return base.getHost() + ":" + base.getPort();
    }

    public String password(String user) {
        String password = PASSWORDS.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such Radicale user: " + user);
        }
        return password;
    }

    /** The user's principal and address-book home: {@code /<user>/}. */
    public URI home(String user) {
        return base.resolve("/" + user + "/");
    }

    /** Creates an address book by extended MKCOL (RFC 5689 §3) and returns its URL (ending in '/'). */
    public URI createAddressBook(String user, String name, String displayName) {
        URI url = home(user).resolve(name + "/");
        String body = """
                <?xml version="1.0" encoding="utf-8"?>
                <d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">
                  <d:set><d:prop>
                    <d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>
                    <d:displayname>%s</d:displayname>
                  </d:prop></d:set>
                </d:mkcol>""".formatted(displayName.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        HttpResponse<String> r = send(user, "MKCOL", url, body, "Content-Type", "application/xml; charset=utf-8");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("MKCOL " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return url;
    }

    /**
     * Creates a calendar by MKCALENDAR (RFC 4791 §5.3.1) taking only the given components ("VEVENT",
     * "VTODO": its supported-calendar-component-set, §5.2.3), and returns its URL (ending in '/').
     */
    public URI createCalendar(String user, String name, String displayName, String... components) {
        URI url = home(user).resolve(name + "/");
        StringBuilder comps = new StringBuilder();
        for (String c : components) {
            comps.append("<c:comp name=\"").append(c).append("\"/>");
        }
        String body = """
                <?xml version="1.0" encoding="utf-8"?>
                <c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
                  <d:set><d:prop>
                    <d:displayname>%s</d:displayname>
                    <c:supported-calendar-component-set>%s</c:supported-calendar-component-set>
                  </d:prop></d:set>
                </c:mkcalendar>""".formatted(displayName.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
                comps);
        HttpResponse<String> r = send(user, "MKCALENDAR", url, body, "Content-Type", "application/xml; charset=utf-8");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("MKCALENDAR " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return url;
    }

    /** A raw, unconditional PUT of an iCalendar object; returns the ETag. For seeding tests. */
    public String putCalendarObject(String user, URI url, String ics) {
        HttpResponse<String> r = send(user, "PUT", url, ics, "Content-Type", "text/calendar; charset=utf-8");
        if (r.statusCode() != 201 && r.statusCode() != 204) {
            throw new IllegalStateException("PUT " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("ETag").orElseThrow();
    }

    /** A raw, unconditional PUT of a vCard; returns the ETag. For seeding tests, not for the client under test. */
    public String put(String user, URI url, String vcard) {
        HttpResponse<String> r = send(user, "PUT", url, vcard, "Content-Type", "text/vcard; charset=utf-8");
        if (r.statusCode() != 201 && r.statusCode() != 204) {
            throw new IllegalStateException("PUT " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().firstValue("ETag").orElseThrow();
    }

    /** Any request as the user; {@code headers} are name, value pairs. */
    public HttpResponse<String> send(String user, String method, URI url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpRequest request = b.build();
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // Radicale speaks HTTP/1.0 and closes every connection; the JDK client may still reuse
                // one and then fails before any response. Idempotent, so once more (RFC 9110 §9.2.2).
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, 5);
        ServerProcesses.deleteTree(folder);
    }

    // ---- starting ---------------------------------------------------------------------------

    /**
     * Requests received so far, by the "METHOD request for '/path' received from" lines Radicale
     * logs at info level (only when started with {@code start(true)}). Radicale logs a request as it
     * arrives, before answering it, so a client that has its answers has all its requests counted.
     */
    public long requestsLogged() {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("[INFO] ") && l.contains(" request for '")).count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log + ": " + e, e);
        }
    }

    /** The folder the server keeps its collections in, its config and log. */
    public Path folder() {
        return folder;
    }

    private static Radicale startOn(List<String> command, int port, String logLevel) {
        Path folder;
        try {
            folder = Files.createTempDirectory("koppel-radicale-");
            Files.writeString(folder.resolve("users"), ALICE + ":" + PASSWORDS.get(ALICE) + "\n"
                    + BOB + ":" + PASSWORDS.get(BOB) + "\n");
            Files.createDirectories(folder.resolve("collections"));
            Files.writeString(folder.resolve("config"), config(folder, port, logLevel));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a Radicale folder: " + e, e);
        }
        Path log = folder.resolve("radicale.log");
        Process process;
        try {
            List<String> full = new java.util.ArrayList<>(command);
            full.addAll(List.of("--config", folder.resolve("config").toString()));
            process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            ServerProcesses.deleteTree(folder);
            throw new IllegalStateException("cannot start " + command + ": " + e, e);
        }
        Radicale radicale = new Radicale(process, folder, URI.create("http://127.0.0.1:" + port + "/"));
        radicale.awaitReady(log);
        return radicale;
    }

    /**
     * Plain-text htpasswd: Debian's Radicale has no bcrypt module installed. Logging at warning:
     * Radicale logs every request at info. Passwords are masked in case a login fails.
     */
    private static String config(Path folder, int port, String logLevel) {
        return """
                [server]
                hosts = 127.0.0.1:%d

                [auth]
                type = htpasswd
                htpasswd_filename = %s
                htpasswd_encryption = plain
                delay = 0

                [rights]
                type = owner_only

                [storage]
                filesystem_folder = %s

                [web]
                type = none

                [logging]
                level = %s
                mask_passwords = True
                """.formatted(port, folder.resolve("users"), folder.resolve("collections"), logLevel);
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = ServerProcesses.readQuietly(log);
                ServerProcesses.deleteTree(folder);
                throw new IllegalStateException("Radicale exited with " + process.exitValue() + ":\n" + output);
            }
            try {
                HttpRequest ping = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(2))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
                http.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                ServerProcesses.sleep(100); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while starting Radicale", e);
            }
        }
        String output = ServerProcesses.readQuietly(log);
        close();
        throw new IllegalStateException("Radicale did not answer within " + STARTUP + ":\n" + output);
    }

    /**
     * The {@code radicale} script on PATH (Debian puts it in /usr/bin, bound to the system Python),
     * else {@code python3 -m radicale} when that Python has the module. A pyenv {@code python3}
     * first on PATH usually lacks it, which is why the script comes first.
     */
    private static List<String> command() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "radicale");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return List.of(candidate.toString());
            }
        }
        for (String python : List.of("python3", "/usr/bin/python3")) {
            if (succeeds(python, "-c", "import radicale")) {
                return List.of(python, "-m", "radicale");
            }
        }
        String message = "Radicale is not installed (apt-get install radicale); the CardDAV tests need a real server";
        if (System.getenv("CI") != null) {
            Assertions.fail(message + ", and CI must install it");
        }
        Assumptions.abort(message + ": skipped");
        throw new AssertionError("unreachable");
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
