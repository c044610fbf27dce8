package org.koppel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.google.GoogleAccounts;
import org.koppel.connector.google.GoogleContacts;
import org.koppel.connector.google.GooglePeers;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.store.LinkStore;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;
import org.koppel.testkit.google.FakeGoogleSettings;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Google contact-sync benchmark behind {@code bench/run google}: N persons synced from a fresh Koppel
 * (H2 file database, no web server, no scheduler) into a fresh account of the Google fake through the
 * production factory ({@link GooglePeers}, type {@code google}), at a per-user quota per minute (the fake
 * counts every People API request of the user in a sliding minute, refused ones too) and a latency per
 * request; N contacts made in Google imported into Koppel; a no-op re-sync; 1% edited in Koppel and 1%
 * in Google. Beside each step, the floor: the fewest requests any client needs for it (a plain script
 * that knows the account as Koppel does: one batchCreateContacts per 200 new contacts, one page of up to 1000 per
 * listing, one batchGet and one batchUpdateContacts per 200 edited contacts, one batchUpdateContacts per 200 imported contacts to stamp them) and the least time the quota and latency allow for them.
 */
public final class GoogleBench {

    static final String USAGE = """
            usage: bench/run google [--contacts 300] [--per-minute 90] [--latency-ms 50] [--results DIR]
              --contacts    account size; one fresh Koppel and Google fake per run (default 300)
              --per-minute  People API requests per minute per user before 429 (default 90, the fake's figure;
                            Google publishes the People API's figures only in the Cloud console)
              --latency-ms  how long the fake takes to answer each request (default 50)
              --results     where the results file goes (default bench/results)""";

    record Options(int size, int perMinute, Duration latency, Path resultsDir) {
    }

    /** One step of Koppel or of the floor; {@code contacts} is how many it synced. */
    record Row(String step, String variant, double seconds, long requests, long refused, int contacts) {
        double contactsPerSecond() {
            return seconds == 0 ? 0 : contacts / seconds;
        }
    }

    private GoogleBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        System.out.printf("bench: %d contacts, %d requests per minute per user, %d ms per request...%n", options.size(),
                options.perMinute(), options.latency().toMillis());
        List<Row> rows = run(options.size(), options.perMinute(), options.latency());
        String table = markdown(rows);
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(options.resultsDir(), "google-sync",
                "# Google contact-sync benchmark: Koppel and the floor, against the Google fake\n\nMade by "
                        + "`bench/run google`; see docs/google.md for what is measured.\n",
                options.size() + " contacts, " + options.perMinute() + " requests per minute per user, "
                        + options.latency().toMillis() + " ms per request",
                BenchResults.machine("; " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    static List<Row> run(int size, int perMinute, Duration latency) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-google-bench-");
        FakeGoogleSettings limits = FakeGoogleSettings.published().withRequestsPerMinutePerUser(perMinute).withLatency(latency);
        try (FakeGoogle fake = FakeGoogle.start(limits)) {
            var accounts = new FakeGoogleAccounts(fake);
            ApplicationContextInitializer<ConfigurableApplicationContext> signIn = context -> {
                // Google sign-in for this context only, primary over the real one: the production factory asks it for tokens.
                var definition = new org.springframework.beans.factory.support.RootBeanDefinition(GoogleAccounts.class, () -> accounts);
                definition.setPrimary(true);
                ((org.springframework.beans.factory.support.BeanDefinitionRegistry) context.getBeanFactory())
                        .registerBeanDefinition("benchGoogleAccounts", definition);
            };
            try (ConfigurableApplicationContext context = BenchKoppel.start(tempDir, signIn)) {
                var rows = new ArrayList<Row>();
                var push = new Account(context, fake, "push", size, Map.of());
                rows.add(push.measure("initial sync, Koppel → Google (empty account)", size, push::initialPush));
                rows.add(floor("initial sync, Koppel → Google (empty account)", size, (size + 199) / 200, perMinute, latency));
                var pull = new Account(context, fake, "pull", 0, Map.of("contacts.creation", "CREATE"));
                pull.fill(size);
                rows.add(pull.measure("initial import, Google → Koppel", size, () -> pull.requireImported(size)));
                // Each imported contact is then stamped with its CRM id (rule 1: a lost link is found again): at best one
                // batchUpdateContacts per 200, as the engine does (PeerImports.writeStamps).
                rows.add(floor("initial import, Google → Koppel", size, pages(size) + (size + 199) / 200, perMinute, latency));
                rows.add(push.measure("no-op re-sync", 0, push::requireNothingDone));
                rows.add(floor("no-op re-sync", 0, 1, perMinute, latency));
                int edits = push.persons.pick(0).size();
                rows.add(push.measure("1% edited in Koppel, re-sync", edits, push::renameInKoppel, push::requireEditsInGoogle));
                // An update replaces a named field whole, so keeping the peer's other values (rule 5) needs the
                // contacts read first: one batchGet, then one batchUpdateContacts, per 200 edited contacts.
                rows.add(floor("1% edited in Koppel, re-sync", edits, (edits + 199) / 200 * 2, perMinute, latency));
                int googleEdits = push.persons.pick(50).size();
                rows.add(push.measure("1% edited in Google, re-sync", googleEdits, push::renameInGoogle, push::requireEditsInKoppel));
                rows.add(floor("1% edited in Google, re-sync", googleEdits, 1, perMinute, latency));
                return rows;
            }
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    static int pages(int contacts) {
        return Math.max(1, (contacts + 999) / 1000);
    }

    /** The floor's row: its requests, and the least time they take at the quota and latency, one at a time. */
    static Row floor(String step, int contacts, long requests, int perMinute, Duration latency) {
        double byLatency = requests * latency.toNanos() / 1e9;
        double byQuota = requests <= perMinute ? 0 : (double) (requests - 1) / perMinute * 60;
        return new Row(step, "floor (fewest requests)", Math.max(byLatency, byQuota), requests, 0, contacts);
    }

    static String markdown(List<Row> rows) {
        var table = new StringBuilder("""
                | step | variant | s | contacts | contacts/s | requests | requests per contact | 429s |
                |---|---|---:|---:|---:|---:|---:|---:|
                """);
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %d | %s | %d | %s | %d |%n", r.step(), r.variant(),
                    r.seconds(), r.contacts(), r.contacts() == 0 ? "–" : String.format(Locale.ROOT, "%.1f", r.contactsPerSecond()),
                    r.requests(), r.contacts() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", (double) r.requests() / r.contacts()),
                    r.refused()));
        }
        return table.toString();
    }

    static Options parse(String... args) {
        var a = BenchArgs.parse(args, Set.of("--contacts", "--per-minute", "--latency-ms", "--results"), USAGE);
        int size = a.number("--contacts", 300);
        int perMinute = a.number("--per-minute", 90);
        int latency = a.number("--latency-ms", 50);
        a.require(size >= 100, "--contacts must be at least 100 (1% of them is edited)");
        a.require(perMinute >= 10, "--per-minute must be at least 10");
        a.require(latency >= 0, "--latency-ms cannot be negative");
        return new Options(size, perMinute, Duration.ofMillis(latency), Path.of(a.text("--results", "bench/results")));
    }

    /** One employee, their Google account and connection, and timed runs checked for what they should do. */
    static final class Account {
        final KoppelPersons persons;
        private final ApplicationContext context;
        private final FakeGoogle fake;
        private final String user;
        private final long connection;
        private final GoogleContacts contacts = new GoogleContacts(JsonMapper.builder().build());
        private RunReport last;

        Account(ApplicationContext context, FakeGoogle fake, String login, int size, Map<String, String> settings) {
            this.context = context;
            this.fake = fake;
            this.user = login + "@gmail.bench";
            this.persons = new KoppelPersons(context, login, "Bench " + login, size, 4711);
            this.connection = context.getBean(Connections.class).create(GooglePeers.TYPE, "Bench " + login, settings, user,
                    persons.owner()).id();
        }

        Row measure(String step, int contacts, Runnable check) {
            return measure(step, contacts, () -> { }, check);
        }

        /** {@code before} untimed (the edits), then the runs, timed, then {@code check} untimed. */
        Row measure(String step, int contacts, Runnable before, Runnable check) {
            before.run();
            long served = fake.log().stream().filter(s -> user.equals(s.user())).count();
            long refused = fake.refusals(user);
            long start = System.nanoTime();
            int runs = 0;
            // A run that ends Transient (the quota outlasted the waits a run allows) is run again, as the scheduler would.
            do {
                last = context.getBean(SyncRunner.class).run(connection, "bench");
                runs++;
            } while (last.status() == RunReport.Status.FAILED && "TRANSIENT".equals(last.errorKind()) && runs < 50);
            double seconds = (System.nanoTime() - start) / 1e9;
            BenchRuns.requireSucceeded(last, user + " " + step);
            long requests = fake.log().stream().filter(s -> user.equals(s.user())).count() - served;
            long throttled = fake.refusals(user) - refused;
            check.run();
            System.out.printf("bench:   %s: %.1f s, %d runs, %d requests, %d refused, %s%n", step, seconds, runs, requests,
                    throttled, last.totals());
            return new Row(step, "Koppel", seconds, requests, throttled, contacts);
        }

        void initialPush() {
            BenchRuns.requireCreated(last, DataType.CONTACTS, persons.ids().size(), user + ": the initial sync");
            requireStamped();
        }

        void requireNothingDone() {
            BenchRuns.requireNothingDone(last, user + ": the no-op re-sync");
        }

        /** Contacts made in Google by the user (not timed). */
        void fill(int size) {
            for (int i = 0; i < size; i++) {
                fake.userCreates(user, "{\"names\": [{\"givenName\": \"Gerda" + i + "\", \"familyName\": \"Googlesma\"}],"
                        + " \"emailAddresses\": [{\"value\": \"gerda" + i + "@example.nl\", \"type\": \"home\"}]}");
            }
        }

        void requireImported(int size) {
            BenchRuns.requireCreated(last, DataType.CONTACTS, size, user + ": the initial import");
            int linked = context.getBean(LinkStore.class).all(connection, DataType.CONTACTS).size();
            if (linked != size) throw new IllegalStateException(user + ": " + linked + " contacts linked, not " + size);
        }

        private List<Long> edited;

        /** 1% of the persons get a new first name in Koppel (before the run). */
        void renameInKoppel() {
            edited = persons.pick(0);
            persons.rename(edited, "Koppel");
        }

        void requireEditsInGoogle() {
            Map<Long, ObjectNode> byStamp = requireStamped();
            for (long id : edited) {
                String given = byStamp.get(id).at("/names/0/givenName").asString("");
                if (!given.equals("Koppel" + id)) throw new IllegalStateException("the edit of " + id + " did not reach Google: " + given);
            }
            BenchRuns.requireSynced(last, DataType.CONTACTS, edited.size(), user + ": the run");
        }

        /** 1% of the contacts get a new given name in Google (before the run), their family name kept. */
        void renameInGoogle() {
            edited = persons.pick(50);
            Map<Long, ObjectNode> byStamp = requireStamped();
            for (long id : edited) {
                ObjectNode c = byStamp.get(id);
                ObjectNode names = (ObjectNode) c.get("names").get(0).deepCopy();
                names.put("givenName", "Google" + id);
                names.remove("metadata");
                fake.userEdits(user, c.path("resourceName").asString(), "{\"names\": [" + names + "]}");
            }
        }

        void requireEditsInKoppel() {
            for (long id : edited) {
                String first = persons.firstName(id);
                if (!first.equals("Google" + id)) throw new IllegalStateException("the Google edit of " + id + " did not reach Koppel: " + first);
            }
            BenchRuns.requireSynced(last, DataType.CONTACTS, edited.size(), user + ": the run");
        }

        private Map<Long, ObjectNode> requireStamped() {
            var byStamp = new HashMap<Long, ObjectNode>();
            for (ObjectNode c : fake.contacts(user)) {
                Long stamp = contacts.stampedCrmId(c);
                if (stamp == null || byStamp.put(stamp, c) != null) throw new IllegalStateException(user + ": unstamped or doubled: " + c);
            }
            if (!byStamp.keySet().equals(new java.util.HashSet<>(persons.ids()))) {
                throw new IllegalStateException(user + ": the stamps are not the persons' ids");
            }
            return byStamp;
        }
    }
}
