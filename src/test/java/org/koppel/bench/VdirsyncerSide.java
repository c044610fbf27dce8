package org.koppel.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.Radicale;

/**
 * vdirsyncer's half of the DAV benchmarks: per collection a folder of files (storage a, .vcf or .ics)
 * paired with a second, empty collection of the same kind on the same Radicale (storage b),
 * {@code conflict_resolution = "a wins"}; all pairs in one config, so each {@code vdirsyncer sync} is
 * one process syncing every pair, as Koppel's one run syncs every data type of a connection. Each sync
 * is timed as a whole process and its requests counted from Radicale's log.
 */
final class VdirsyncerSide {

    record Measured(double seconds, long requests) {
    }

    /**
     * The one field the edits change, alike in files and on the server, and how to see a value arrived:
     * a vCard's given name, an iCalendar object's SUMMARY.
     */
    interface Field {
        String with(String object, String value);

        boolean shows(String object, String value);
    }

    /** One pair: {@code name} names the folder and the pair; {@code size} the objects it must hold. */
    record Collection(String name, DavCollectionKind kind, URI url, int size, Field field) {
    }

    static final Field GIVEN_NAME = new Field() {
        @Override
        public String with(String vcard, String value) {
            return withGivenName(vcard, value);
        }

        @Override
        public boolean shows(String vcard, String value) {
            return vcard.contains(";" + value + ";");
        }
    };

    static final Field SUMMARY = new Field() {
        @Override
        public String with(String ics, String value) {
            return withSummary(ics, value);
        }

        @Override
        public boolean shows(String ics, String value) {
            return Pattern.compile("(?m)^SUMMARY[^:\\r\\n]*:" + Pattern.quote(value) + "\\r?$").matcher(ics).find();
        }
    };

    private static final Pattern N_LINE = Pattern.compile("(?m)^N:([^;\\r\\n]*);([^;\\r\\n]*);");
    private static final Pattern COMPONENT = Pattern.compile("(?ms)^BEGIN:(VEVENT|VTODO)\\r?$.*?^END:\\1\\r?$");
    private static final Pattern SUMMARY_LINE = Pattern.compile("(?m)^SUMMARY[^:\\r\\n]*:[^\\r\\n]*(\\r?\\n[ \\t][^\\r\\n]*)*");

    private final Radicale radicale;
    private final String command;
    private final Path root;
    private final Path config;
    private final List<Collection> collections;
    private final List<DavCollectionClient> servers = new ArrayList<>();

    VdirsyncerSide(Radicale radicale, String command, Path root, List<Collection> collections) throws IOException {
        this.radicale = radicale;
        this.command = command;
        this.root = root;
        this.config = root.resolve("config");
        this.collections = collections;
        Files.createDirectories(root.resolve("status"));
        var text = new StringBuilder("""
                [general]
                status_path = "%s/"
                """.formatted(root.resolve("status")));
        for (Collection c : collections) {
            servers.add(DavCollectionClient.open(c.kind(), c.url(), new DavCredentials(Radicale.ALICE,
                    radicale.password(Radicale.ALICE)), Loopback.davSettings()));
            Files.createDirectories(folder(c));
            text.append("""

                    [pair %1$s]
                    a = "local_%1$s"
                    b = "radicale_%1$s"
                    collections = null
                    conflict_resolution = "a wins"

                    [storage local_%1$s]
                    type = "filesystem"
                    path = "%2$s/"
                    fileext = ".%3$s"

                    [storage radicale_%1$s]
                    type = "%4$s"
                    url = "%5$s"
                    username = "%6$s"
                    password = "%7$s"
                    """.formatted(c.name(), folder(c), c.kind().extension(),
                    c.kind() == DavCollectionKind.ADDRESS_BOOK ? "carddav" : "caldav", c.url(), Radicale.ALICE,
                    radicale.password(Radicale.ALICE)));
        }
        Files.writeString(config, text);
    }

    /** vdirsyncer's own empty address book on the server. */
    static Collection addressBook(Radicale radicale, int size) {
        return new Collection("cards", DavCollectionKind.ADDRESS_BOOK,
                radicale.createAddressBook(Radicale.ALICE, "vdirsyncer", "vdirsyncer"), size, GIVEN_NAME);
    }

    /** vdirsyncer's own empty calendar on the server, taking {@code component} (VEVENT, VTODO) only. */
    static Collection calendar(Radicale radicale, String name, String component, int size) {
        return new Collection(name, DavCollectionKind.CALENDAR,
                radicale.createCalendar(Radicale.ALICE, "vdirsyncer-" + name, "vdirsyncer " + name, component), size, SUMMARY);
    }

    /**
     * Writes each collection's objects as files, one per object named after its href, and runs
     * discover (untimed). {@code exports}: per collection name, the objects by href.
     */
    void prepare(Map<String, Map<String, String>> exports) throws Exception {
        for (Collection c : collections) {
            String ext = "." + c.kind().extension();
            for (var e : exports.get(c.name()).entrySet()) {
                String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
                if (!name.endsWith(ext)) name = name + ext;
                Files.writeString(folder(c).resolve(name), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        run("discover");
    }

    Measured initialSync() throws Exception {
        Measured m = sync("initial sync");
        requireObjects();
        return m;
    }

    Measured noOp() throws Exception {
        return sync("no-op re-sync");
    }

    /** 1% of each folder's files get a new value of the field; the server's objects must show it after the sync. */
    Measured editLocalFiles() throws Exception {
        var edits = new ArrayList<List<String>>();
        for (Collection c : collections) {
            List<Path> files = files(c);
            var values = new ArrayList<String>();
            for (int i = 0; i < files.size(); i += 100) {
                Path f = files.get(i);
                String value = "Lokaal" + i;
                Files.writeString(f, c.field().with(Files.readString(f), value));
                values.add(value);
            }
            edits.add(values);
        }
        Measured m = sync("re-sync after 1% local edits");
        for (int k = 0; k < collections.size(); k++) {
            Collection c = collections.get(k);
            var all = objects(servers.get(k)).values();
            long arrived = edits.get(k).stream().filter(v -> all.stream().anyMatch(o -> c.field().shows(o, v))).count();
            if (arrived != edits.get(k).size()) {
                throw new IllegalStateException(arrived + " of " + edits.get(k).size() + " local edits reached " + c.name());
            }
        }
        requireObjects();
        return m;
    }

    /** 1% of each server collection's objects get a new value, as a phone would; the files must show it after the sync. */
    Measured editOnServer() throws Exception {
        var edits = new ArrayList<List<String>>();
        for (int k = 0; k < collections.size(); k++) {
            Collection c = collections.get(k);
            DavCollectionClient server = servers.get(k);
            List<String> hrefs = server.listEtags().stream().map(MemberEtag::href).sorted().toList();
            var values = new ArrayList<String>();
            for (int i = Math.min(50, hrefs.size() - 1); i < hrefs.size(); i += 100) {
                DavResource object = server.get(hrefs.get(i)).orElseThrow();
                String crlf = object.data().replace("\r\n", "\n").replace("\n", "\r\n");
                String value = "Server" + i;
                server.update(hrefs.get(i), object.etag(), c.field().with(crlf, value));
                values.add(value);
            }
            edits.add(values);
        }
        Measured m = sync("re-sync after 1% server edits");
        for (int k = 0; k < collections.size(); k++) {
            Collection c = collections.get(k);
            var all = new ArrayList<String>();
            for (Path f : files(c)) all.add(Files.readString(f));
            long arrived = edits.get(k).stream().filter(v -> all.stream().anyMatch(o -> c.field().shows(o, v))).count();
            if (arrived != edits.get(k).size()) {
                throw new IllegalStateException(arrived + " of " + edits.get(k).size() + " server edits reached the "
                        + c.name() + " files");
            }
        }
        requireObjects();
        return m;
    }

    /** Every object of a collection, by href, fetched 500 at a time (untimed: for exports and checks). */
    static Map<String, String> objects(DavCollectionClient client) {
        List<String> hrefs = client.listEtags().stream().map(MemberEtag::href).toList();
        var objects = new LinkedHashMap<String, String>();
        for (int i = 0; i < hrefs.size(); i += 500) {
            client.multiget(hrefs.subList(i, Math.min(hrefs.size(), i + 500))).found()
                    .forEach((href, r) -> objects.put(href, r.data()));
        }
        return objects;
    }

    /** The card with the given name (second component of N) replaced: the one field both sides map alike. */
    static String withGivenName(String vcard, String given) {
        Matcher m = N_LINE.matcher(vcard);
        if (!m.find()) throw new IllegalStateException("no N line in\n" + vcard);
        return vcard.substring(0, m.start()) + "N:" + m.group(1) + ";" + given + ";" + vcard.substring(m.end());
    }

    /**
     * The object with the SUMMARY of its main component (the first VEVENT or VTODO without a
     * RECURRENCE-ID: a series, not one of its edited occurrences) replaced, as a calendar app renames it.
     */
    static String withSummary(String ics, String summary) {
        Matcher component = COMPONENT.matcher(ics);
        while (component.find()) {
            String text = component.group();
            if (Pattern.compile("(?m)^RECURRENCE-ID").matcher(text).find()) continue;
            Matcher line = SUMMARY_LINE.matcher(text);
            String changed = line.find()
                    ? text.substring(0, line.start()) + "SUMMARY:" + summary + text.substring(line.end())
                    : text.replaceFirst("(?m)^END:", Matcher.quoteReplacement("SUMMARY:" + summary + "\r\nEND:"));
            return ics.substring(0, component.start()) + changed + ics.substring(component.end());
        }
        throw new IllegalStateException("no VEVENT or VTODO without RECURRENCE-ID in\n" + ics);
    }

    static String version(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(20, TimeUnit.SECONDS);
            return out.startsWith(program) ? out : program + " " + out;
        } catch (IOException e) {
            return program + " (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return program + " (version unknown)";
        }
    }

    private Measured sync(String what) throws Exception {
        long before = radicale.requestsLogged();
        long start = System.nanoTime();
        run("sync");
        double seconds = (System.nanoTime() - start) / 1e9;
        long requests = radicale.requestsLogged() - before;
        System.out.printf("bench:   vdirsyncer %s: %.2f s, %d requests%n", what, seconds, requests);
        return new Measured(seconds, requests);
    }

    private void run(String subcommand) throws Exception {
        Path log = root.resolve(subcommand + ".log");
        Process p = new ProcessBuilder(command, "-c", config.toString(), subcommand).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("vdirsyncer " + subcommand + " did not finish within an hour");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("vdirsyncer " + subcommand + " exited " + p.exitValue() + ":\n"
                    + tail(Files.readString(log)));
        }
    }

    private void requireObjects() {
        for (int k = 0; k < collections.size(); k++) {
            Collection c = collections.get(k);
            int n = servers.get(k).listEtags().size();
            if (n != c.size()) throw new IllegalStateException("vdirsyncer's " + c.name() + " holds " + n + " objects, not " + c.size());
        }
    }

    private Path folder(Collection c) {
        return root.resolve(c.name());
    }

    private List<Path> files(Collection c) throws IOException {
        try (Stream<Path> s = Files.list(folder(c))) {
            return new ArrayList<>(s.filter(f -> f.toString().endsWith("." + c.kind().extension())).sorted().toList());
        }
    }

    private static String tail(String text) {
        return text.length() < 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
