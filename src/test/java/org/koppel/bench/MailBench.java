package org.koppel.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.koppel.connector.graph.GraphClient;
import org.koppel.crm.Origin;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.runtime.SyncSettings;
import org.koppel.security.KoppelUser;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Dovecot;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The e-mail logging benchmark behind {@code bench/run mail}: in a fresh Koppel (H2 file database, no
 * web server, no scheduler) N marked mails logged from a real IMAP server (Dovecot) and from the Graph
 * fake at Outlook's published limits, run after run as a mailbox's backlog is worked off (150 per run,
 * the default), each checked for every mail logged once under its relation. Beside each, in the same
 * run, the least any logger must do on a copy of the same mailbox: a plain client that finds the marked
 * mails, reads each once and marks it, storing nothing (IMAP: Angus Mail's own Store; Graph: message
 * delta, one $value and one PATCH per mail, on fewer mails, as a script would). Prints a table and
 * appends it to {@code bench/results/<date>-mail.md}.
 */
public final class MailBench {

    static final String USAGE = """
            usage: bench/run mail [--mails 10000] [--relations 500] [--latency-ms 50] [--plain-graph-mails 1000] [--results DIR]
              --mails              marked mails in each mailbox (default 10000)
              --relations          persons the mails come from (default 500)
              --latency-ms         how long the Graph fake takes to answer each request (default 50)
              --plain-graph-mails  mails the plain Graph client reads (default 1000; it takes 2 requests a mail)
              --results            where the results file goes (default bench/results)""";

    record Options(int mails, int relations, Duration latency, int plainGraphMails, Path resultsDir) {
    }

    /** One measured way of getting the mails: how many, how long, how many requests (IMAP commands, HTTP requests). */
    record Row(String peer, String how, int mails, int runs, int throttled, double seconds, long requests) {
        double mailsPerSecond() {
            return mails / seconds;
        }

        double requestsPerMail() {
            return (double) requests / mails;
        }
    }

    private static final String EMPLOYEE_ADDRESS = "mailer@koppel-bench.example";

    private MailBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchArgs.startOrExit(() -> parse(args));
        BenchResults.quietLogs();
        System.out.printf("bench: %d marked mails from %d relations, IMAP (Dovecot) and Graph (%d ms per request)...%n",
                options.mails(), options.relations(), options.latency().toMillis());
        List<Row> rows = run(options);
        String table = markdown(rows);
        System.out.println();
        System.out.print(table);
        Path file = BenchResults.append(options.resultsDir(), "mail",
                "# E-mail logging benchmark\n\nMade by `bench/run mail`; see docs/benchmarks.md for what is measured.\n",
                options.mails() + " marked mails from " + options.relations() + " relations, Graph at "
                        + options.latency().toMillis() + " ms per request",
                BenchResults.machine("; Dovecot " + "on loopback; Graph fake at Outlook's published limits (10,000 requests "
                        + "per 10 minutes and 4 concurrent per mailbox); " + BenchResults.loadAtTheEnd()), table);
        System.out.println("bench: results appended to " + file);
        System.exit(0);
    }

    static List<Row> run(Options o) throws Exception {
        Path tempDir = Files.createTempDirectory("koppel-mail-bench-");
        try (FakeGraph fake = FakeGraph.start(FakeGraphSettings.published().withLatency(o.latency()))) {
            var peers = new GraphBenchPeers(GraphBenchPeers.BATCHED, fake.baseUrl());
            try (ConfigurableApplicationContext context = BenchKoppel.start(tempDir, AgendaGraphBench.withPeers(peers))) {
                KoppelUser owner = setUp(context, o.relations());
                Dovecot dovecot = Dovecot.shared();
                var rows = new ArrayList<Row>();
                rows.add(imapKoppel(context, dovecot, owner, o));
                rows.add(imapPlain(dovecot, o));
                rows.add(graphKoppel(context, fake, peers, owner, o));
                rows.add(graphPlain(fake, o));
                return rows;
            }
        } finally {
            BenchResults.deleteTree(tempDir);
        }
    }

    /** The employee whose mailboxes these are, the persons the mails come from, e-mail logging on. */
    private static KoppelUser setUp(ConfigurableApplicationContext context, int relations) {
        Employee e = context.getBean(Employees.class).create(new Employee(null, null, "mailer", "Mail Bench",
                List.of(EMPLOYEE_ADDRESS), EmployeeRole.USER, true, null, null, null), "bench-password-12345", false, Origin.system());
        var crm = context.getBean(Relations.class);
        for (int i = 0; i < relations; i++) {
            crm.create(new Person(null, null, null, "Person", null, null, Integer.toString(i), null, null, null,
                    BenchMails.relationAddress(i), null, null, List.of(), null, e.id(), List.of(), false, List.of(), List.of(),
                    null, Map.of(), null, null, null), Origin.system());
        }
        context.getBean(SyncSettings.class).replace("ORGANISATION", 0, Map.of("email.direction", "PEER_TO_CRM"));
        return new KoppelUser(e.id(), e.login(), null, e.role(), true, false, null);
    }

    private static Row imapKoppel(ConfigurableApplicationContext context, Dovecot dovecot, KoppelUser owner, Options o) throws Exception {
        String user = dovecot.newUser();
        fillImap(dovecot, user, "imap", o);
        long connection = context.getBean(Connections.class).create("imap", "Bench IMAP", Map.of("host", dovecot.host(),
                "port", Integer.toString(dovecot.port()), "security", "NONE", "username", user, "folders", "INBOX"),
                dovecot.password(user), owner).id();
        return logAll(context, connection, "IMAP (Dovecot)", "imap", o.mails(), () -> 0L);
    }

    private static Row graphKoppel(ConfigurableApplicationContext context, FakeGraph fake, GraphBenchPeers peers, KoppelUser owner,
                                   Options o) {
        String mailbox = "koppel-mail@bench.example";
        fillGraph(fake, mailbox, "graph", o.mails(), o.relations());
        long connection = context.getBean(Connections.class).create(GraphBenchPeers.BATCHED, "Bench Outlook",
                Map.of("mailbox", mailbox, "contacts.direction", "OFF", "mail", "on"), fake.issueToken(mailbox), owner).id();
        return logAll(context, connection, "Microsoft 365 (Graph fake)", "graph", o.mails(), () -> peers.httpRequests(connection));
    }

    /**
     * Runs the connection until no marked mail is left, as the scheduler does when a run says more wait,
     * and checks every mail was logged once under its relation.
     */
    private static Row logAll(ConfigurableApplicationContext context, long connection, String peer, String side, int mails,
                              java.util.function.LongSupplier httpRequests) {
        SyncRunner runner = context.getBean(SyncRunner.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        long started = System.nanoTime();
        long commands = 0;
        int runs = 0;
        int throttled = 0;
        int logged = 0;
        while (true) {
            RunReport report = runner.run(connection, "bench");
            runs++;
            commands += report.peerRequests();
            if (report.status() == RunReport.Status.FAILED && "TRANSIENT".equals(report.errorKind())) {
                // Throttled (Outlook: 10,000 requests per 10 minutes): wait as the scheduler waits, then go on.
                throttled++;
                logged += report.totals().getOrDefault(DataType.EMAIL, new RunReport.Totals(0, 0, 0, 0, 0, 0, 0)).created();
                waitForRetry(jdbc, connection);
                continue;
            }
            if (report.status() != RunReport.Status.SUCCEEDED) {
                throw new IllegalStateException(peer + ": run " + runs + " " + report.status() + ": " + report.errorMessage());
            }
            RunReport.Totals totals = report.totals().get(DataType.EMAIL);
            if (totals.errors() > 0 || totals.skipped() > 0) throw new IllegalStateException(peer + ": " + report.items());
            logged += totals.created();
            if (totals.total() == 0) break;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long stored = context.getBean(JdbcClient.class).sql("""
                SELECT COUNT(*) FROM logged_mail m JOIN logged_mail_relation u ON u.mail_id = m.id
                 WHERE m.message_id LIKE ?""").param("bench-" + side + "-%").query(Long.class).single();
        if (logged != mails || stored != mails) {
            throw new IllegalStateException(peer + ": " + logged + " logged, " + stored + " stored under a relation, of " + mails);
        }
        long requests = httpRequests.getAsLong() > 0 ? httpRequests.getAsLong() : commands;
        Row row = new Row(peer, "Koppel: logged, matched, stored, marked (150 per run)", mails, runs, throttled, seconds, requests);
        System.out.print(markdown(List.of(row)));
        return row;
    }

    private static void waitForRetry(JdbcClient jdbc, long connection) {
        java.sql.Timestamp until = jdbc.sql("SELECT retry_not_before FROM connection WHERE id = ?").param(connection)
                .query(java.sql.Timestamp.class).single();
        long millis = until == null ? 1000 : Math.max(0, until.toInstant().toEpochMilli() - System.currentTimeMillis());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The least work on IMAP: one search, every marked mail read once (without \Seen), all marked in one command. */
    private static Row imapPlain(Dovecot dovecot, Options o) throws Exception {
        String user = dovecot.newUser();
        fillImap(dovecot, user, "plain", o);
        var properties = new Properties();
        properties.put("mail.imap.peek", "true");
        long started = System.nanoTime();
        long bytes = 0;
        try (Store store = Session.getInstance(properties).getStore("imap")) {
            store.connect(dovecot.host(), dovecot.port(), user, dovecot.password(user));
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] marked = inbox.search(new FlagTerm(new Flags("Koppel"), true));
            for (Message m : marked) {
                var out = new ByteArrayOutputStream();
                m.writeTo(out);
                bytes += out.size();
            }
            inbox.setFlags(marked, new Flags("Processed"), true);
            inbox.close(false);
            if (marked.length != o.mails()) throw new IllegalStateException("plain IMAP found " + marked.length);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (bytes == 0) throw new IllegalStateException("nothing read");
        Row row = new Row("IMAP (Dovecot)", "plain client: read and marked only, nothing stored", o.mails(), 1, 0, seconds, o.mails() + 3L);
        System.out.print(markdown(List.of(row)));
        return row;
    }

    /** What a script does against Graph: message delta for the marked mails, then one $value and one PATCH per mail. */
    private static Row graphPlain(FakeGraph fake, Options o) {
        String mailbox = "plain-mail@bench.example";
        int mails = Math.min(o.plainGraphMails(), o.mails());
        fillGraph(fake, mailbox, "plain", mails, o.relations());
        var client = new GraphClient(fake.baseUrl(), new GraphBenchPeers.FixedToken(fake.issueToken(mailbox)), mailbox);
        long started = System.nanoTime();
        var marked = new ArrayList<String[]>();
        String next = "/me/mailFolders/inbox/messages/delta?$select=categories,receivedDateTime";
        while (next != null) {
            JsonNode page = client.get(next, Map.of("Prefer", "odata.maxpagesize=200")).body();
            for (JsonNode m : page.path("value")) {
                var categories = new ArrayList<String>();
                m.path("categories").forEach(c -> categories.add(c.asString()));
                if (categories.contains("Koppel")) marked.add(new String[] {m.path("id").asString(), String.join("\u0000", categories)});
            }
            next = page.has("@odata.nextLink") ? page.path("@odata.nextLink").asString() : null;
        }
        for (String[] m : marked) {
            client.getBytes("/me/messages/" + m[0] + "/$value", 50L * 1024 * 1024);
            var categories = client.json().createArrayNode();
            for (String c : m[1].split("\u0000")) categories.add(c);
            categories.add("Processed");
            client.send("PATCH", "/me/messages/" + m[0], Map.of(), client.json().createObjectNode().set("categories", categories));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (marked.size() != mails) throw new IllegalStateException("the plain Graph client found " + marked.size() + " of " + mails);
        return new Row("Microsoft 365 (Graph fake)", "plain client: delta, one $value and one PATCH per mail", mails, 1, 0, seconds,
                client.httpRequests());
    }

    private static void fillImap(Dovecot dovecot, String user, String side, Options o) throws Exception {
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect(dovecot.host(), dovecot.port(), user, dovecot.password(user));
            var inbox = (IMAPFolder) store.getFolder("INBOX");
            Instant first = Instant.now().minus(Duration.ofDays(30));
            var batch = new ArrayList<Message>();
            for (int n = 0; n < o.mails(); n++) {
                Instant received = first.plusSeconds(n * 60L);
                var m = new MimeMessage(session, new ByteArrayInputStream(BenchMails.mime(side, n, o.relations(), EMPLOYEE_ADDRESS, received))) {
                    @Override
                    public Date getReceivedDate() {
                        return Date.from(received);
                    }
                };
                m.setFlags(new Flags("Koppel"), true);
                batch.add(m);
                if (batch.size() == 200 || n == o.mails() - 1) {
                    inbox.appendMessages(batch.toArray(Message[]::new));
                    batch.clear();
                }
            }
        }
    }

    private static void fillGraph(FakeGraph fake, String mailbox, String side, int mails, int relations) {
        Instant first = Instant.now().minus(Duration.ofDays(30));
        for (int n = 0; n < mails; n++) {
            Instant received = first.plusSeconds(n * 60L);
            String id = fake.mail().deliver(mailbox, "inbox", BenchMails.mime(side, n, relations, EMPLOYEE_ADDRESS, received), received);
            fake.mail().userCategorize(mailbox, id, "Koppel");
        }
    }

    static String markdown(List<Row> rows) {
        var b = new StringBuilder("| peer | how | mails | runs (throttled) | seconds | mails/s | requests | requests per mail |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d (%d) | %.1f | %.1f | %d | %.2f |%n", r.peer(), r.how(), r.mails(),
                    r.runs(), r.throttled(), r.seconds(), r.mailsPerSecond(), r.requests(), r.requestsPerMail()));
        }
        return b.toString();
    }

    static Options parse(String... args) {
        var options = BenchArgs.parse(args, Set.of("--mails", "--relations", "--latency-ms", "--plain-graph-mails", "--results"), USAGE);
        int mails = options.number("--mails", 10_000);
        int relations = options.number("--relations", 500);
        int latency = options.number("--latency-ms", 50);
        int plain = options.number("--plain-graph-mails", 1000);
        options.require(mails >= 1 && relations >= 1 && plain >= 1, "give at least one mail, relation and plain Graph mail");
        options.require(latency >= 0, "the latency cannot be negative");
        return new Options(mails, relations, Duration.ofMillis(latency), plain, Path.of(options.text("--results", "bench/results")));
    }
}
