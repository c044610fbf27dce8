package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailMarks;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.FakeOutlookMail;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Microsoft 365 mail peer over real HTTP against the Graph fake's mail ({@link FakeOutlookMail}:
 * message delta, $value, Update message, each from its Graph page).
 */
class GraphMailPeerTest {

    private static final String BOX = "anne@bakkerij.example";
    private static final MailMarks MARKS = MailMarks.defaults();
    private static final Instant DAY = Instant.parse("2026-11-02T09:00:00Z");

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;
    private FakeOutlookMail mail;

    @BeforeEach
    void start() {
        // delta pages of 3: listing a folder of more than three mails follows @odata.nextLink
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxPageSize(3));
        mail = graph.mail();
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphClient client(String token, GraphClient.Options options) {
        return new GraphClient(graph.baseUrl(), TestTokens.fixed(token), MailboxGate.unshared(4), json, options);
    }

    private GraphMailPeer peer() {
        return peer(List.of());
    }

    private GraphMailPeer peer(List<String> folders) {
        return new GraphMailPeer(client(graph.issueToken(BOX), GraphClient.Options.defaults()), folders, json);
    }

    private static String mime(int n) {
        return "Message-ID: <m" + n + "@klant.example>\r\n"
                + "From: Bert Klant <bert@klant.example>\r\n"
                + "To: Anne <anne@bakkerij.example>\r\n"
                + "Cc: Cor <cor@bakkerij.example>\r\n"
                + "Subject: Bestelling " + n + "\r\n"
                + "Date: Mon, 2 Nov 2026 08:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Graag " + n + " broden.\r\n";
    }

    /** A mail received {@code hours} after {@link #DAY} in {@code folder}, carrying {@code categories}. */
    private String deliver(String folder, int hours, String... categories) {
        String id = mail.deliver(BOX, folder, mime(hours), DAY.plus(Duration.ofHours(hours)));
        if (categories.length > 0) mail.userCategorize(BOX, id, categories);
        return id;
    }

    private static MailQuery query(int limit) {
        return new MailQuery(MARKS, null, limit);
    }

    private static List<String> ids(MarkedMails marked) {
        return marked.mails().stream().map(MailRef::id).toList();
    }

    /** What the runner does with a run's mails: logs them, then marks them processed. */
    private static void process(GraphMailPeer peer, MarkedMails marked) {
        peer.mark(marked.mails(), MARKS.processed());
    }

    @Test
    void listsTheMarkedMailsOfInboxAndSentItemsOldestFirstLeavingOutUnmarkedAndAlreadyMarkedOnes() {
        String late = deliver("inbox", 5, "Klant", "Koppel");
        String sent = deliver("sentitems", 3, "koppel");
        String early = deliver("inbox", 1, "KOPPEL");
        deliver("inbox", 2);
        deliver("inbox", 4, "Koppel", "processed");
        deliver("inbox", 6, "Koppel", "Not Found");
        deliver("drafts", 0, "Koppel");

        MarkedMails marked = peer().marked(query(150), null);

        assertThat(ids(marked)).as("categories compared case-insensitively, as Outlook does").containsExactly(early, sent, late);
        assertThat(marked.mails()).extracting(MailRef::folder).containsExactly("Inbox", "Sent Items", "Inbox");
        assertThat(marked.mails().getFirst().received()).isEqualTo(DAY.plus(Duration.ofHours(1)));
        assertThat(marked.more()).isFalse();
    }

    @Test
    void aLaterRunReadsOnlyTheChangesSinceItsDeltaLinkAndFindsAMailMarkedMeanwhile() {
        for (int i = 0; i < 7; i++) deliver("inbox", i);
        var peer = peer();
        MarkedMails first = peer.marked(query(150), null);
        assertThat(first.mails()).isEmpty();
        long folderLookups = graph.served("mail.folder.get");
        long deltaPages = graph.served("mail.delta");

        String older = deliver("inbox", -3);
        mail.userCategorize(BOX, older, "Koppel");
        MarkedMails second = peer.marked(query(150), first.cursor());

        assertThat(ids(second)).containsExactly(older);
        assertThat(graph.served("mail.folder.get")).as("the folders are in the cursor").isEqualTo(folderLookups);
        assertThat(graph.served("mail.delta") - deltaPages).as("one page per folder: only the change").isEqualTo(2);
    }

    @Test
    void mailsBeyondTheLimitAreListedInLaterRunsWithoutLossAndARunThatDiedIsListedAgain() {
        var all = new ArrayList<String>();
        for (int i = 0; i < 5; i++) all.add(deliver(i % 2 == 0 ? "inbox" : "sentitems", i, "Koppel"));
        var peer = peer();

        MarkedMails run1 = peer.marked(query(2), null);
        assertThat(ids(run1)).containsExactly(all.get(0), all.get(1));
        assertThat(run1.more()).isTrue();
        // The runner died before marking and saving: the same cursor (none) lists the same mails again.
        assertThat(ids(peer().marked(query(2), null))).containsExactly(all.get(0), all.get(1));
        process(peer, run1);

        String newcomer = deliver("inbox", 9, "Koppel");
        MarkedMails run2 = peer.marked(query(2), run1.cursor());
        assertThat(ids(run2)).containsExactly(all.get(2), all.get(3));
        assertThat(run2.more()).isTrue();
        process(peer, run2);

        MarkedMails run3 = peer.marked(query(2), run2.cursor());
        assertThat(ids(run3)).containsExactly(all.get(4), newcomer);
        assertThat(run3.more()).isFalse();
        process(peer, run3);

        MarkedMails run4 = peer.marked(query(2), run3.cursor());
        assertThat(run4.mails()).isEmpty();
        String later = deliver("sentitems", 20, "Koppel");
        assertThat(ids(peer.marked(query(2), run4.cursor()))).containsExactly(later);
    }

    @Test
    void mailsReceivedBeforeTheDateFilterAreLeftAloneAndAnEarlierFilterFindsThemAfterAll() {
        String old = deliver("inbox", 1, "Koppel");
        String recent = deliver("inbox", 30, "Koppel");
        var peer = peer();

        MarkedMails narrow = peer.marked(new MailQuery(MARKS, DAY.plus(Duration.ofHours(24)), 150), null);
        assertThat(ids(narrow)).containsExactly(recent);
        process(peer, narrow);

        // The filter is in the delta link: a changed date starts the folder afresh instead of missing the older mail.
        MarkedMails wide = peer.marked(new MailQuery(MARKS, DAY, 150), narrow.cursor());
        assertThat(ids(wide)).containsExactly(old);
    }

    @Test
    void markingAddsTheResultCategoryAndKeepsEveryOtherInBatchesOfTwenty() {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 25; i++) ids.add(deliver("inbox", i, "Klant", "Koppel"));
        var peer = peer();
        MarkedMails marked = peer.marked(query(150), null);
        long batches = graph.served("batch");

        process(peer, marked);

        assertThat(graph.served("batch") - batches).isEqualTo(2);
        assertThat(graph.served("mail.get")).as("the categories listed are used, not read again").isZero();
        for (String id : ids) assertThat(mail.categories(BOX, id)).containsExactly("Klant", "Koppel", "Processed");
        assertThat(peer.marked(query(150), marked.cursor()).mails()).as("processed mails are not listed again").isEmpty();
    }

    @Test
    void aMailTheSignInOwnerRecategorisedSinceTheListingIsReadAgainAndKeepsTheNewCategory() {
        String id = deliver("inbox", 1, "Koppel");
        var peer = peer();
        MarkedMails marked = peer.marked(query(150), null);
        mail.userCategorize(BOX, id, "Koppel", "Urgent");

        peer.mark(marked.mails(), MARKS.processed());

        assertThat(mail.categories(BOX, id)).containsExactly("Koppel", "Urgent", "Processed");
        assertThat(graph.served("mail.update")).as("412, then the retry").isEqualTo(2);
        assertThat(graph.served("mail.get")).isEqualTo(1);
    }

    @Test
    void aMailAlreadyCarryingTheMarkIsNotPatchedAndOneMarkedByAnotherPeerIsReadFirst() {
        String id = deliver("inbox", 1, "Koppel", "Not found");
        var ref = new MailRef(id, "Inbox", DAY, -1);

        peer().mark(List.of(ref), "not found");
        assertThat(graph.served("mail.update")).isZero();

        peer().mark(List.of(ref), MARKS.processed());
        assertThat(mail.categories(BOX, id)).containsExactly("Koppel", "Not found", "Processed");
    }

    @Test
    void anExpiredDeltaLinkStartsTheFolderAfreshWithoutTroublingAnyone() {
        String a = deliver("inbox", 1, "Koppel");
        var peer = peer();
        MarkedMails first = peer.marked(query(150), null);
        mail.expireDeltaTokens(BOX);
        String b = deliver("inbox", 2, "Koppel");

        MarkedMails second = peer.marked(query(150), first.cursor());

        assertThat(ids(second)).as("a, not yet processed, is found again with b").containsExactly(a, b);
    }

    @Test
    void anUnreadableCursorListsAfresh() {
        String a = deliver("inbox", 1, "Koppel");
        assertThat(ids(peer().marked(query(150), "{\"version\":99}"))).containsExactly(a);
        assertThat(ids(peer().marked(query(150), "not json"))).containsExactly(a);
    }

    @Test
    void theContentIsTheMimeAsTheMailboxHasItAndAMailGoneMeanwhileIsRejected() {
        String id = deliver("inbox", 1, "Koppel");
        var peer = peer();
        MailRef ref = peer.marked(query(150), null).mails().getFirst();

        assertThat(new String(peer.content(ref), StandardCharsets.UTF_8)).isEqualTo(mime(1));
        assertThat(mail.message(BOX, id).orElseThrow().path("isRead").asBoolean()).as("reading does not mark it read").isFalse();

        mail.userDelete(BOX, id);
        assertThatThrownBy(() -> peer.content(ref)).isInstanceOf(PeerException.ItemRejected.class)
                .hasMessageContaining("no longer in the mailbox");
        peer.mark(List.of(ref), MARKS.processed()); // gone: nothing to mark, no failure
    }

    @Test
    void aBodyLargerThanAskedForIsRejectedNotRetried() {
        String id = deliver("inbox", 1, "Koppel");
        GraphClient client = client(graph.issueToken(BOX), GraphClient.Options.defaults());

        assertThatThrownBy(() -> client.getBytes("/me/messages/" + id + "/$value", 64)).isInstanceOf(PeerException.ItemRejected.class);
        assertThat(graph.served("mail.mime")).isEqualTo(1);
        assertThat(client.getBytes("/me/messages/" + id + "/$value", 64 * 1024).raw()).isEqualTo(mime(1).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void otherFoldersAreFoundByWellKnownOrDisplayNameAndAnUnknownOneIsASettingToFix() {
        String klanten = mail.userCreateFolder(BOX, "Klanten");
        String inKlanten = mail.deliver(BOX, klanten, mime(1), DAY);
        mail.userCategorize(BOX, inKlanten, "Koppel");
        String inInbox = deliver("inbox", 2, "Koppel");

        MarkedMails marked = peer(List.of("klanten", "Inbox")).marked(query(150), null);
        assertThat(ids(marked)).containsExactly(inKlanten, inInbox);
        assertThat(marked.mails().getFirst().folder()).isEqualTo("Klanten");

        assertThatThrownBy(() -> peer(List.of("inbox", "Offertes")).marked(query(150), null))
                .isInstanceOf(PeerException.Configuration.class).hasMessageContaining("'Offertes'").hasMessageContaining("mailFolders");
    }

    @Test
    void throttlingIsWaitedOutPerRetryAfterAndBeyondWhatARunWaitsEndsItWithTheRetryAfter() {
        String a = deliver("inbox", 1, "Koppel");
        graph.failNext(BOX, 2, 429, Duration.ZERO);
        assertThat(ids(peer().marked(query(150), null))).containsExactly(a);
        assertThat(graph.refusals(BOX)).isEqualTo(2);

        var impatient = new GraphMailPeer(client(graph.issueToken(BOX), GraphClient.Options.defaults().withLongestWait(Duration.ofSeconds(5))),
                List.of(), json);
        graph.failNext(BOX, 1, 503, Duration.ofSeconds(90));
        assertThatThrownBy(() -> impatient.marked(query(150), null)).isInstanceOfSatisfying(PeerException.Transient.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void aSignInMicrosoftNoLongerAcceptsIsAuthExpired() {
        String token = graph.issueToken(BOX);
        graph.revokeToken(token);
        var peer = new GraphMailPeer(new GraphClient(graph.baseUrl(), new TestTokens(token, rejected -> rejected), MailboxGate.unshared(4),
                json, GraphClient.Options.defaults()), List.of(), json);

        assertThatThrownBy(() -> peer.marked(query(150), null)).isInstanceOf(PeerException.AuthExpired.class)
                .hasMessageNotContaining(token);
    }

    @Test
    void aTokenWithoutMailPermissionAsksTheOwnerToSignInAgainForMailAccess() {
        deliver("inbox", 1, "Koppel");
        var none = new GraphMailPeer(client(graph.issueToken(BOX, Set.of("Contacts.ReadWrite")), GraphClient.Options.defaults()),
                List.of(), json);
        assertThatThrownBy(() -> none.marked(query(150), null)).isInstanceOf(PeerException.PermissionMissing.class)
                .hasMessage(GraphMailPeer.PERMISSION_MISSING);

        var readOnly = new GraphMailPeer(client(graph.issueToken(BOX, Set.of("Mail.Read")), GraphClient.Options.defaults()),
                List.of(), json);
        MarkedMails marked = readOnly.marked(query(150), null);
        assertThat(readOnly.content(marked.mails().getFirst())).isNotEmpty();
        assertThatThrownBy(() -> readOnly.mark(marked.mails(), MARKS.processed())).isInstanceOf(PeerException.PermissionMissing.class);
    }

    @Test
    void aRunOfFortyMarkedMailsCostsFortySixRequests() {
        graph.close();
        graph = FakeGraph.start(FakeGraphSettings.published());
        mail = graph.mail();
        for (int i = 0; i < 40; i++) deliver(i % 4 == 0 ? "sentitems" : "inbox", i, "Koppel");
        var peer = peer();

        MarkedMails marked = peer.marked(query(150), null);
        long listing = peer.requests();
        for (MailRef ref : marked.mails()) peer.content(ref);
        long content = peer.requests() - listing;
        process(peer, marked);
        long marking = peer.requests() - listing - content;

        // first run: two folder look-ups and one delta page per folder (pages of 200); one $value per mail;
        // the PATCHes in JSON batches of 20. A later run skips the look-ups: 44 requests, 1.1 per mail.
        assertThat(List.of(listing, content, marking)).containsExactly(4L, 40L, 2L);
        System.out.printf("requests for 40 mails: listing %d, content %d, marking %d%n", listing, content, marking);
    }
}
