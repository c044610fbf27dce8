package org.koppel.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailMarks;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.testkit.Eventually;
import org.koppel.testkit.Loopback;

import tools.jackson.databind.json.JsonMapper;

/**
 * What an IMAP mailbox must do for e-mail logging, run against real servers (GreenMail, Dovecot):
 * listing what a person marked, reading it without marking it seen, adding result marks, the cursor
 * across runs, and the failures a run must tell apart.
 */
abstract class ImapMailPeerContract {

    static final MailMarks MARKS = MailMarks.defaults();
    static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");

    final ImapPeerFactory factory = new ImapPeerFactory(JsonMapper.builder().build(), Loopback.POLICY, Duration.ofMinutes(10));
    String user;
    TestMailbox mailbox;
    final List<AutoCloseable> toClose = new java.util.ArrayList<>();

    abstract String host();

    abstract int port();

    abstract String newUser();

    abstract String password(String user);

    /** The server's sent-mail folder (SPECIAL-USE \Sent), or null when it names none. */
    abstract String sentFolder();

    abstract boolean condstore();

    /** Whether the server tells, during IDLE, of flags another session changed (RFC 2177 lets it wait). */
    abstract boolean pushesFlagChanges();

    @BeforeEach
    void newMailbox() {
        user = newUser();
        mailbox = new TestMailbox(host(), port(), user, password(user));
        if (sentFolder() == null) mailbox.create("Sent");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        mailbox.close();
    }

    Map<String, String> settings(String... more) {
        var s = new HashMap<String, String>(Map.of("host", host(), "port", Integer.toString(port()), "security", "NONE",
                "username", user, "folders", "INBOX,Sent"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            if (more[i + 1] == null) s.remove(more[i]);
            else s.put(more[i], more[i + 1]);
        }
        return s;
    }

    MailPeer peer(String... more) {
        return peerSignedInWith(password(user), more);
    }

    MailPeer peerSignedInWith(String password, String... more) {
        MailPeer p = factory.openMailbox(connection(settings(more)), password);
        toClose.add(p);
        return p;
    }

    static Connection connection(Map<String, String> settings) {
        return new Connection(1, "imap", "mail", 1, Connection.Status.ACTIVE, null, settings, false, 1, Instant.now(),
                Instant.now());
    }

    static MailQuery query(int limit) {
        return new MailQuery(MARKS, null, limit);
    }

    static List<String> subjects(MailPeer peer, List<MailRef> refs) {
        return refs.stream().map(r -> {
            String raw = new String(peer.content(r), StandardCharsets.UTF_8);
            return raw.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow().substring(9);
        }).toList();
    }

    // ---- listing ---------------------------------------------------------------------------

    @Test
    void listsOnlyMailsCarryingTheMarkAndNoResultMarkOldestFirstAcrossFolders() {
        mailbox.append("INBOX", "third", DAY.plusSeconds(300), "Koppel");
        mailbox.append("INBOX", "unmarked", DAY.plusSeconds(50));
        mailbox.append("INBOX", "logged already", DAY.plusSeconds(60), "Koppel", "Processed");
        mailbox.append("INBOX", "no relation", DAY.plusSeconds(70), "Koppel", "Not_found");
        mailbox.append("Sent", "second, sent", DAY.plusSeconds(200), "Koppel", "\\Seen");
        mailbox.append("INBOX", "first", DAY.plusSeconds(100), "Koppel", "\\Flagged");
        MailPeer peer = peer();

        MarkedMails found = peer.marked(query(150), null);

        assertThat(subjects(peer, found.mails())).containsExactly("first", "second, sent", "third");
        assertThat(found.mails()).extracting(MailRef::folder).containsExactly("INBOX", "Sent", "INBOX");
        assertThat(found.mails()).extracting(MailRef::received)
                .containsExactly(DAY.plusSeconds(100), DAY.plusSeconds(200), DAY.plusSeconds(300));
        assertThat(found.mails()).allSatisfy(r -> assertThat(r.size()).isPositive());
        assertThat(found.more()).isFalse();
    }

    @Test
    void withoutFoldersSetInboxAndTheServersSentFolderAreListed() {
        mailbox.append("INBOX", "received", DAY, "Koppel");
        mailbox.append("Sent", "sent", DAY.plusSeconds(1), "Koppel");
        MailPeer peer = peer("folders", null);

        List<String> listed = subjects(peer, peer.marked(query(10), null).mails());

        assertThat(listed).isEqualTo(sentFolder() == null ? List.of("received") : List.of("received", "sent"));
    }

    @Test
    void theLimitTakesTheOldestAndSaysMoreWait() {
        for (int i = 5; i >= 1; i--) mailbox.append("INBOX", "mail " + i, DAY.plusSeconds(i * 60L), "Koppel");
        MailPeer peer = peer();

        MarkedMails first = peer.marked(query(3), null);

        assertThat(subjects(peer, first.mails())).containsExactly("mail 1", "mail 2", "mail 3");
        assertThat(first.more()).isTrue();
        assertThat(peer.marked(query(5), null).more()).isFalse();
    }

    @Test
    void theDateFilterIsExactToTheSecondThoughImapSearchesByDay() {
        mailbox.append("INBOX", "day before", DAY.minusSeconds(60), "Koppel");
        mailbox.append("INBOX", "same day, earlier", DAY.plusSeconds(3600), "Koppel");
        mailbox.append("INBOX", "same day, later", DAY.plusSeconds(7200), "Koppel");
        MailPeer peer = peer();

        MarkedMails found = peer.marked(new MailQuery(MARKS, DAY.plusSeconds(5400), 150), null);

        assertThat(subjects(peer, found.mails())).containsExactly("same day, later");
    }

    @Test
    void markNamesBecomeKeywordsSpacesAsUnderscores() {
        long uid = mailbox.append("INBOX", "tagged", DAY, "Log_this");
        MailPeer peer = peer();
        var marks = new MailMarks("Log this", "Logged in CRM", "Not found");

        MarkedMails found = peer.marked(new MailQuery(marks, null, 10), null);
        peer.mark(found.mails(), "Logged in CRM");

        assertThat(found.mails()).hasSize(1);
        assertThat(mailbox.flags("INBOX", uid)).contains("Log_this", "Logged_in_CRM");
        assertThat(peer.marked(new MailQuery(marks, null, 10), null).mails()).isEmpty();
    }

    // ---- content and marks -----------------------------------------------------------------

    @Test
    void readingAndMarkingKeepThePersonsMarkAndOtherFlagsAndNeverSetSeen() {
        long logged = mailbox.append("INBOX", "logged", DAY, "Koppel", "\\Flagged", "Important");
        long notFound = mailbox.append("INBOX", "nobody", DAY.plusSeconds(1), "Koppel", "\\Answered");
        MailPeer peer = peer();
        List<MailRef> mails = peer.marked(query(10), null).mails();

        byte[] content = peer.content(mails.get(0));
        peer.content(mails.get(1));
        peer.mark(List.of(mails.get(0)), MARKS.processed());
        peer.mark(List.of(mails.get(1)), MARKS.notFound());

        assertThat(new String(content, StandardCharsets.UTF_8)).contains("Subject: logged", "Body of logged");
        assertThat(mailbox.flags("INBOX", logged)).contains("Koppel", "Processed", "\\Flagged", "Important")
                .doesNotContain("\\Seen", "Not_found");
        assertThat(mailbox.flags("INBOX", notFound)).contains("Koppel", "Not_found", "\\Answered")
                .doesNotContain("\\Seen", "Processed");
        assertThat(peer.marked(query(10), null).mails()).isEmpty();
    }

    @Test
    void manyMailsOfAFolderAreMarkedInOneCommand() {
        for (int i = 0; i < 20; i++) mailbox.append("INBOX", "mail " + i, DAY.plusSeconds(i), "Koppel");
        MailPeer peer = peer();
        List<MailRef> mails = peer.marked(query(150), null).mails();
        long before = peer.requests();

        peer.mark(mails, MARKS.processed());

        assertThat(peer.requests() - before).as("SELECT INBOX, then one STORE for all 20").isEqualTo(2);
        assertThat(peer.marked(query(150), null).mails()).isEmpty();
    }

    @Test
    void aMailDeletedSinceItWasListedIsRejectedByName() {
        long uid = mailbox.append("INBOX", "going", DAY, "Koppel");
        MailPeer peer = peer();
        MailRef ref = peer.marked(query(10), null).mails().getFirst();

        mailbox.expunge("INBOX", uid);

        assertThatThrownBy(() -> peer.content(ref)).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessageContaining("UID " + uid + " in INBOX").hasMessageContaining("no longer in the mailbox");
    }

    @Test
    void aMailAboveTheSizeLimitIsRejectedWithoutFetchingIt() {
        mailbox.append("INBOX", "big", DAY, "Koppel");
        // 10 bytes: GreenMail's RFC822.SIZE counts only the body ("Body of big", 11), Dovecot's the whole mail
        MailPeer peer = peer("maxMailBytes", "10");
        MailRef ref = peer.marked(query(10), null).mails().getFirst();
        long before = peer.requests();

        assertThat(ref.size()).as("RFC822.SIZE").isGreaterThan(10);
        assertThatThrownBy(() -> peer.content(ref)).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessageContaining("above the limit of 10 ");
        assertThat(peer.requests()).isEqualTo(before);
    }

    @Test
    void aRefFromBeforeTheFolderWasRecreatedIsRefusedNotAppliedToAnotherMail() {
        mailbox.append("Sent", "old", DAY, "Koppel");
        MailPeer first = peer();
        MailRef old = first.marked(query(10), null).mails().getFirst();
        long validity = mailbox.uidValidity("Sent");

        // while the first peer still has it selected; GreenMail's UIDVALIDITY is the second it was created in
        Eventually.until(Duration.ofSeconds(5), "a new UIDVALIDITY", () -> {
            mailbox.recreate("Sent");
            return mailbox.uidValidity("Sent") != validity;
        });
        first.close();
        long now = mailbox.append("Sent", "new, same UID", DAY, "Koppel");
        MailPeer peer = peer();

        assertThatThrownBy(() -> peer.content(old)).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessageContaining("recreated");
        peer.mark(List.of(old), MARKS.notFound()); // as the runner does with a mail it could not read
        assertThat(mailbox.flags("Sent", now)).doesNotContain("Not_found");
        assertThat(subjects(peer, peer.marked(query(10), old.id()).mails())).containsExactly("new, same UID");
    }

    // ---- the cursor ------------------------------------------------------------------------

    @Test
    void theCursorNeverSkipsMailsBeyondTheLimitNorListedButUnloggedOnes() {
        for (int i = 1; i <= 3; i++) mailbox.append("INBOX", "mail " + i, DAY.plusSeconds(i), "Koppel");
        MailPeer peer = peer();
        MarkedMails first = peer.marked(query(2), null);

        // the run stopped before logging: its cursor was never saved, the first run's (none) is used
        MarkedMails again = peer.marked(query(2), null);
        // or it got as far as saving (it never does before marking, but the peer must not rely on it)
        MarkedMails withCursor = peer.marked(query(2), first.cursor());
        peer.mark(first.mails(), MARKS.processed());
        MarkedMails next = peer.marked(query(2), first.cursor());

        assertThat(again.mails()).isEqualTo(first.mails());
        assertThat(withCursor.mails()).isEqualTo(first.mails());
        assertThat(subjects(peer, next.mails())).containsExactly("mail 3");
        assertThat(next.more()).isFalse();
    }

    @Test
    void aMarkAddedAfterAnEmptyRunIsFoundByTheNext() {
        long uid = mailbox.append("INBOX", "later marked", DAY);
        MailPeer peer = peer();
        MarkedMails empty = peer.marked(query(10), null);
        MarkedMails stillEmpty = peer.marked(query(10), empty.cursor());

        mailbox.addKeyword("INBOX", uid, "Koppel");
        MarkedMails found = peer().marked(query(10), stillEmpty.cursor());

        assertThat(empty.mails()).isEmpty();
        assertThat(stillEmpty.mails()).isEmpty();
        assertThat(subjects(peer, found.mails())).containsExactly("later marked");
    }

    @Test
    void withCondstoreARunAfterAnEmptyOneCostsOneStatusPerFolder() {
        org.junit.jupiter.api.Assumptions.assumeTrue(condstore(), "the server has no CONDSTORE");
        mailbox.append("INBOX", "marked", DAY, "Koppel");
        MailPeer first = peer();
        first.mark(first.marked(query(10), null).mails(), MARKS.processed());
        String afterMarking = first.marked(query(10), null).cursor();
        first.close();

        MailPeer quiet = peer();
        MarkedMails nothing = quiet.marked(query(10), afterMarking);

        assertThat(nothing.mails()).isEmpty();
        assertThat(quiet.requests()).as("sign-in, then STATUS for INBOX and Sent").isEqualTo(1 + 2);
        // the cheap answer holds only while nothing changes: a new mark is found
        long uid = mailbox.append("INBOX", "new", DAY.plusSeconds(5));
        mailbox.addKeyword("INBOX", uid, "Koppel");
        assertThat(subjects(quiet, quiet.marked(query(10), nothing.cursor()).mails())).containsExactly("new");
    }

    @Test
    void anotherQueryIgnoresTheCursorsEmptyFolders() {
        mailbox.append("INBOX", "old", DAY.minusSeconds(86_400 * 10), "Koppel");
        MailPeer peer = peer();
        String cursor = peer.marked(new MailQuery(MARKS, DAY, 10), null).cursor();

        MarkedMails wider = peer.marked(new MailQuery(MARKS, DAY.minusSeconds(86_400 * 30), 10), cursor);

        assertThat(subjects(peer, wider.mails())).containsExactly("old");
    }

    // ---- failures --------------------------------------------------------------------------

    @Test
    void aRefusedPasswordIsAuthExpiredAndTheMessageHoldsNoPassword() {
        MailPeer peer = peerSignedInWith("wrong-secret-123");

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.AuthExpired.class)
                .hasMessageContaining(user).hasMessageNotContaining("wrong-secret-123");
    }

    @Test
    void aFolderThatDoesNotExistIsAConfigurationErrorNamingIt() {
        MailPeer peer = peer("folders", "INBOX,Archief 2025");

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("'Archief 2025'");
    }

    @Test
    void aServerThatIsNotListeningIsTransient() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        MailPeer peer = peer("port", Integer.toString(closed));

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Transient.class)
                .hasMessageContaining("cannot be reached");
    }

    @Test
    void noTlsIsRefusedToAHostThatIsNotLoopback() {
        MailPeer peer = peer("host", "192.0.2.10");

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("security NONE");
    }

    @Test
    void starttlsIsRequiredWhenChosenNeverSkipped() {
        MailPeer peer = peer("security", "STARTTLS");

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("does not offer STARTTLS");
    }

    @Test
    void sslToAPlainServerFailsAndPointsAtTheSecuritySetting() {
        MailPeer peer = peer("security", "SSL");

        assertThatThrownBy(() -> peer.marked(query(10), null)).isInstanceOf(PeerException.Transient.class)
                .hasMessageContaining("security setting (SSL)");
    }

    // ---- setup -----------------------------------------------------------------------------

    @Test
    void setUpWithoutFoldersFindsInboxAndTheSentFolderTheServerNames() {
        Map<String, String> completed = factory.setUp(settings("folders", null, "port", Integer.toString(port())),
                password(user));

        assertThat(completed.get("folders")).isEqualTo(sentFolder() == null ? "INBOX" : "INBOX," + sentFolder());
        assertThat(completed).containsEntry("security", "NONE").containsEntry("username", user);
    }

    @Test
    void setUpReportsAMissingFolderAWrongPasswordAndBadValuesPerField() {
        assertThatThrownBy(() -> factory.setUp(settings("folders", "INBOX,Nope"), password(user)))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.field()).isEqualTo("settings.folders");
                            assertThat(p.reason()).contains("'Nope'", "INBOX");
                        }));
        assertThatThrownBy(() -> factory.setUp(settings(), "wrong"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(p -> p.field())
                        .containsExactly("secret"));
        assertThatThrownBy(() -> factory.setUp(settings("security", "TLS-ish", "port", "0", "host", null), "x"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(p -> p.field())
                        .containsExactlyInAnyOrder("settings.host", "settings.security", "settings.port"));
        assertThatThrownBy(() -> factory.setUp(settings("host", "192.0.2.10"), "x"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).extracting(p -> p.field())
                        .containsExactly("settings.security"));
    }

    // ---- IDLE ----------------------------------------------------------------------------

    /** An IDLE watch of INBOX counting the changes it tells, closed after the test. */
    ImapIdle watchInbox(Map<String, String> settings, Duration renew, AtomicInteger changes) {
        ImapIdle idle = new ImapIdle(ImapSettings.of(settings), password(user), Loopback.POLICY, "INBOX",
                changes::incrementAndGet, renew);
        toClose.add(idle);
        return idle;
    }

    @Test
    void idleTellsOfAMarkAsItIsMade() {
        org.junit.jupiter.api.Assumptions.assumeTrue(pushesFlagChanges(),
                "this server tells flag changes only at the next command, not during IDLE");
        long uid = mailbox.append("INBOX", "to be marked", DAY);
        var changes = new AtomicInteger();
        ImapIdle idle = watchInbox(settings(), Duration.ofMinutes(10), changes);
        Eventually.until(Duration.ofSeconds(20), "IDLE", idle::idling);

        mailbox.addKeyword("INBOX", uid, "Koppel");

        Eventually.until(Duration.ofSeconds(20), "the mark told", () -> changes.get() > 0);
        assertThat(idle.idles()).as("told within the first IDLE").isEqualTo(1);
        idle.close();
        assertThat(idle.stopped()).isTrue();
    }

    @Test
    void idleIsIssuedAgainAfterEachRenewalAndKeepsTelling() {
        var changes = new AtomicInteger();
        ImapIdle idle = watchInbox(settings(), Duration.ofMillis(300), changes);
        Eventually.until(Duration.ofSeconds(20), "IDLE renewed twice", () -> idle.idles() >= 3 && idle.idling());

        mailbox.append("INBOX", "new", DAY);

        Eventually.until(Duration.ofSeconds(20), "the new mail told", () -> changes.get() > 0);
    }

    @Test
    void idleTellsOfANewMail() {
        var changes = new AtomicInteger();
        ImapIdle idle = watchInbox(settings(), Duration.ofMinutes(10), changes);
        Eventually.until(Duration.ofSeconds(20), "IDLE", idle::idling);

        mailbox.append("INBOX", "new", DAY, "Koppel");

        Eventually.until(Duration.ofSeconds(20), "the new mail told", () -> changes.get() > 0);
    }

    @Test
    void idleStopsPromptlyWhileWaitingToReconnect() {
        ImapIdle idle = new ImapIdle(ImapSettings.of(settings()), "wrong password", Loopback.POLICY, "INBOX",
                () -> { }, Duration.ofMinutes(10));

        idle.close();

        assertThat(idle.stopped()).isTrue();
        assertThat(idle.idling()).isFalse();
    }
}
