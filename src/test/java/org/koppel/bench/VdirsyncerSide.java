package org.koppel.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.koppel.connector.dav.DavCollectionKind;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavCredentials;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.Loopback;

/**
 * vdirsyncer's half of the contact-sync benchmark: a folder of .vcf files (storage a) paired with
 * a second, empty address book on the same Radicale (storage b), {@code conflict_resolution = "a wins"},
 * each {@code vdirsyncer sync} timed as a whole process and its requests counted from Radicale's log.
 */
final class VdirsyncerSide {

    record Measured(double seconds, long requests) {
    }

    private static final Pattern N_LINE = Pattern.compile("(?m)^N:([^;\\r\\n]*);([^;\\r\\n]*);");

    private final Radicale radicale;
    private final String command;
    private final Path root;
    private final Path cards;
    private final Path config;
    private final int size;
    private final DavCollectionClient server;

    VdirsyncerSide(Radicale radicale, String command, Path root, int size) throws IOException {
        this.radicale = radicale;
        this.command = command;
        this.root = root;
        this.cards = root.resolve("cards");
        this.config = root.resolve("config");
        this.size = size;
        URI book = radicale.createAddressBook(Radicale.ALICE, "vdirsyncer", "vdirsyncer");
        this.server = DavCollectionClient.open(DavCollectionKind.ADDRESS_BOOK, book, new DavCredentials(Radicale.ALICE, radicale.password(Radicale.ALICE)),
                Loopback.davSettings());
        Files.createDirectories(cards);
        Files.createDirectories(root.resolve("status"));
        Files.writeString(config, """
                [general]
                status_path = "%s/"

                [pair bench]
                a = "local"
                b = "radicale"
                collections = null
                conflict_resolution = "a wins"

                [storage local]
                type = "filesystem"
                path = "%s/"
                fileext = ".vcf"

                [storage radicale]
                type = "carddav"
                url = "%s"
                username = "%s"
                password = "%s"
                """.formatted(root.resolve("status"), cards, book, Radicale.ALICE, radicale.password(Radicale.ALICE)));
    }

    /** Writes the cards as files, one per card named after its href, and runs discover (untimed). */
    void prepare(Map<String, String> export) throws Exception {
        for (var e : export.entrySet()) {
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            if (!name.endsWith(".vcf")) name = name + ".vcf";
            Files.writeString(cards.resolve(name), e.getValue(), StandardCharsets.UTF_8);
        }
        run("discover");
    }

    Measured initialSync() throws Exception {
        Measured m = sync("initial sync");
        requireCards();
        return m;
    }

    Measured noOp() throws Exception {
        return sync("no-op re-sync");
    }

    /** 1% of the files get a new given name; the server's cards must show it after the sync. */
    Measured editLocalFiles() throws Exception {
        List<Path> files = files();
        int edited = 0;
        for (int i = 0; i < files.size(); i += 100) {
            Path f = files.get(i);
            Files.writeString(f, withGivenName(Files.readString(f), "Lokaal" + i));
            edited++;
        }
        Measured m = sync("re-sync after 1% local edits");
        long arrived = 0;
        List<String> hrefs = server.listEtags().stream().map(MemberEtag::href).toList();
        for (int i = 0; i < hrefs.size(); i += 500) {
            arrived += server.multiget(hrefs.subList(i, Math.min(hrefs.size(), i + 500))).found().values().stream()
                    .filter(r -> r.data().contains(";Lokaal")).count();
        }
        if (arrived != edited) throw new IllegalStateException(arrived + " of " + edited + " local edits reached the server");
        if (hrefs.size() != size) throw new IllegalStateException("the server holds " + hrefs.size() + " cards, not " + size);
        return m;
    }

    /** 1% of the server's cards get a new given name, as a phone would; the files must show it after the sync. */
    Measured editOnServer() throws Exception {
        List<String> hrefs = server.listEtags().stream().map(MemberEtag::href).sorted().toList();
        int edited = 0;
        for (int i = 50; i < hrefs.size(); i += 100) {
            DavResource card = server.get(hrefs.get(i)).orElseThrow();
            String crlf = card.data().replace("\r\n", "\n").replace("\n", "\r\n");
            server.update(hrefs.get(i), card.etag(), withGivenName(crlf, "Server" + i));
            edited++;
        }
        Measured m = sync("re-sync after 1% server edits");
        long arrived = 0;
        for (Path f : files()) if (Files.readString(f).contains(";Server")) arrived++;
        if (arrived != edited) throw new IllegalStateException(arrived + " of " + edited + " server edits reached the files");
        requireCards();
        return m;
    }

    /** The card with the given name (second component of N) replaced: the one field both sides map alike. */
    static String withGivenName(String vcard, String given) {
        Matcher m = N_LINE.matcher(vcard);
        if (!m.find()) throw new IllegalStateException("no N line in\n" + vcard);
        return vcard.substring(0, m.start()) + "N:" + m.group(1) + ";" + given + ";" + vcard.substring(m.end());
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

    private void requireCards() {
        int n = server.listEtags().size();
        if (n != size) throw new IllegalStateException("vdirsyncer's address book holds " + n + " cards, not " + size);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(cards)) {
            return new ArrayList<>(s.filter(f -> f.toString().endsWith(".vcf")).sorted().toList());
        }
    }

    private static String tail(String text) {
        return text.length() < 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
