package org.koppel.connector.graph;

import org.koppel.connector.AccessTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;

import tools.jackson.databind.json.JsonMapper;

/** Throttling, sign-in and batching of the Graph client, checked through what the fake recorded. */
class GraphClientFaultsTest {

    private static final String BOX = "bert@bakkerij.example";

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;

    @AfterEach
    void stop() {
        if (graph != null) graph.close();
    }

    private GraphClient client(AccessTokens tokens, MailboxGate gate) {
        return new GraphClient(graph.baseUrl(), tokens, gate, json, GraphClient.Options.defaults());
    }

    private GraphClient client() {
        return client(TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4));
    }

    private static Map<Long, Snapshot> persons(long from, int count) {
        var values = new LinkedHashMap<Long, Snapshot>();
        for (long i = from; i < from + count; i++) {
            values.put(i, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Klant", ContactSlots.FAMILY_NAME, "Nr " + i)));
        }
        return values;
    }

    private List<FakeGraph.Served> served(String kind) {
        return graph.log().stream().filter(s -> s.kind().equals(kind)).toList();
    }

    @Test
    void a429WithRetryAfterIsWaitedOutBeforeTheRequestIsSentAgain() {
        graph = FakeGraph.start();
        GraphClient client = client();
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(1));

        GraphResponse r = client.get("/me/contactFolders", Map.of());

        assertThat(r.status()).isEqualTo(200);
        List<FakeGraph.Served> tries = served("folder.list");
        assertThat(tries).extracting(FakeGraph.Served::status).containsExactly(429, 200);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterLongerThanARunWaitsEndsTheRunAsTransientWithTheWait() {
        graph = FakeGraph.start();
        GraphClient client = client();
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(120));
        var peer = new GraphContactPeer(client, "koppel", json);

        assertThatThrownBy(() -> peer.fullListing(id -> null))
                .isInstanceOfSatisfying(PeerException.Transient.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
        assertThat(served("folder.list")).hasSize(1);
    }

    @Test
    void a503IsRetriedLikeThrottlingWithBackoffWhenItNamesNoDelay() {
        graph = FakeGraph.start();
        GraphClient client = client();
        graph.failNext(BOX, 2, 503, null);

        assertThat(client.get("/me/contactFolders", Map.of()).status()).isEqualTo(200);
        List<FakeGraph.Served> tries = served("folder.list");
        assertThat(tries).extracting(FakeGraph.Served::status).containsExactly(503, 503, 200);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(tries.get(1).at(), tries.get(2).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aCreateAnswered503IsNotSentAgainAsGraphMayHaveMadeTheContactAlready() {
        graph = FakeGraph.start();
        var peer = new GraphContactPeer(client(), "koppel", json);
        peer.createAll(persons(1, 1));
        peer.fullListing(id -> null); // as a run does: then no stamp lookup comes before the create
        graph.failNext(BOX, 1, 503, Duration.ofSeconds(1));

        Map<Long, ItemPeer.Written<ItemPeer.Created>> created = peer.createAll(persons(2, 1));

        assertThat(created.get(2L).failure()).isInstanceOf(PeerException.Transient.class);
        assertThat(served("contact.create")).extracting(FakeGraph.Served::status).containsExactly(201, 503);
    }

    @Test
    void a401RenewsTheTokenOnceAndRepeatsTheRequest() {
        graph = FakeGraph.start();
        String stale = graph.issueToken(BOX);
        graph.revokeToken(stale);
        var tokens = new TestTokens(stale, rejected -> graph.issueToken(BOX));

        assertThat(client(tokens, MailboxGate.unshared(4)).get("/me/contactFolders", Map.of()).status()).isEqualTo(200);
        assertThat(tokens.renewals()).isEqualTo(1);
    }

    @Test
    void aRenewalThatFailsOrATokenStillRefusedIsAuthExpired() {
        graph = FakeGraph.start();
        var refused = new TestTokens("not-a-token", rejected -> {
            throw new PeerException.AuthExpired("the grant was revoked", null);
        });
        assertThatThrownBy(() -> client(refused, MailboxGate.unshared(4)).get("/me/contactFolders", Map.of()))
                .isInstanceOf(PeerException.AuthExpired.class);

        var useless = new TestTokens("not-a-token", rejected -> "still-not-a-token");
        var peer = new GraphContactPeer(client(useless, MailboxGate.unshared(4)), "koppel", json);
        assertThatThrownBy(() -> peer.fullListing(id -> null)).isInstanceOf(PeerException.AuthExpired.class)
                .hasMessageNotContaining("still-not-a-token");
        assertThat(useless.renewals()).isEqualTo(1);
    }

    @Test
    void fortyFiveCreatesTakeThreeBatchesOfAtMostTwenty() {
        graph = FakeGraph.start();
        GraphClient client = client();
        var peer = new GraphContactPeer(client, "koppel", json);
        // As in a run: the listing first (folder lookup, folder create, delta), which also tells the
        // peer that no stamped contact needs looking for before creating.
        peer.fullListing(id -> null);
        long before = graph.httpRequests();
        long mailboxBefore = peer.requests();

        Map<Long, ItemPeer.Written<ItemPeer.Created>> created = peer.createAll(persons(1, 45));

        assertThat(created).hasSize(45).allSatisfy((id, w) -> assertThat(w.failure()).isNull());
        assertThat(graph.served("batch")).isEqualTo(3);
        assertThat(graph.served("contact.create")).isEqualTo(45);
        assertThat(graph.httpRequests() - before).as("three batches").isEqualTo(3);
        assertThat(peer.requests() - mailboxBefore).as("Outlook counts each request of a batch").isEqualTo(45);
        assertThat(client.httpRequests()).isEqualTo(6);
    }

    @Test
    void throttledRequestsInsideABatchAreSentAgainAfterTheirRetryAfter() {
        graph = FakeGraph.start();
        var peer = new GraphContactPeer(client(), "koppel", json);
        peer.fullListing(id -> null); // finds or creates the folder first
        graph.failNext(BOX, 2, 429, Duration.ofSeconds(1));

        var created = peer.createAll(persons(1, 5));

        assertThat(created.values()).allSatisfy(w -> assertThat(w.failure()).isNull());
        List<FakeGraph.Served> creates = served("contact.create");
        assertThat(creates).extracting(FakeGraph.Served::status).filteredOn(s -> s == 429).hasSize(2);
        assertThat(creates).filteredOn(s -> s.status() == 201).hasSize(5);
        var firstThrottled = creates.stream().filter(s -> s.status() == 429).findFirst().orElseThrow().at();
        assertThat(creates.stream().filter(s -> s.status() == 201).map(FakeGraph.Served::at).max(java.util.Comparator.naturalOrder()).orElseThrow())
                .isAfterOrEqualTo(firstThrottled.plusSeconds(1));
        assertThat(graph.served("batch")).isEqualTo(2);
    }

    @Test
    void aBatchStillThrottledAfterTheAllowedWaitsReportsThoseItemsAsTransient() {
        graph = FakeGraph.start();
        var peer = new GraphContactPeer(client(), "koppel", json);
        peer.fullListing(id -> null);
        graph.failNext(BOX, 1, 429, Duration.ofSeconds(600));

        var created = peer.createAll(persons(1, 3));

        assertThat(created.values()).filteredOn(w -> w.failure() == null).hasSize(2);
        assertThat(created.values()).filteredOn(w -> w.failure() != null).singleElement()
                .satisfies(w -> assertThat(w.failure()).isInstanceOfSatisfying(PeerException.Transient.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(600))));
    }

    @Test
    void parallelBatchesToOneMailboxNeverHaveMoreThanFourRequestsInFlight() throws Exception {
        // The fake lets any number through here, so it observes what the client really does.
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxConcurrent(100).withLatency(Duration.ofMillis(25)));
        MailboxGate shared = MailboxGate.unshared(MailboxGate.OUTLOOK_CONCURRENCY);
        String token = graph.issueToken(BOX);
        new GraphContactPeer(client(TestTokens.fixed(token), shared), "koppel", json).fullListing(id -> null);

        var tasks = new ArrayList<Callable<Map<Long, ItemPeer.Written<ItemPeer.Created>>>>();
        for (int t = 0; t < 3; t++) {
            long from = 1 + t * 20L;
            var peer = new GraphContactPeer(client(TestTokens.fixed(token), shared), "koppel", json);
            tasks.add(() -> peer.createAll(persons(from, 20)));
        }
        var single = client(TestTokens.fixed(token), shared);
        tasks.add(() -> {
            for (int i = 0; i < 10; i++) single.get("/me/contactFolders", Map.of());
            return Map.of();
        });
        try (var pool = Executors.newFixedThreadPool(tasks.size())) {
            long ok = 0;
            for (Future<Map<Long, ItemPeer.Written<ItemPeer.Created>>> f : pool.invokeAll(tasks)) {
                ok += f.get().values().stream().filter(w -> w.failure() == null).count();
            }
            assertThat(ok).isEqualTo(60);
        }
        assertThat(graph.highestConcurrency(BOX)).isBetween(2, 4);
        assertThat(graph.log()).noneMatch(s -> s.status() == 429);
    }
}
