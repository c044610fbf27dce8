package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.testkit.graph.FakeGraphSettings;
import org.koppel.testkit.graph.FakeOutlookMail;
import org.koppel.testkit.graph.GraphCalls;
import org.koppel.testkit.graph.GraphCalls.Answer;

import tools.jackson.databind.JsonNode;

/** The Graph fake's Outlook mail keeps the documented rules a client could otherwise come to rely on breaking. */
class GraphMailFakeTest {

    private static final String BOX = "cor@bakkerij.example";
    private static final String MIME = "Message-ID: <a1@klant.example>\r\nFrom: =?utf-8?Q?J=C3=BCrgen?= <j@klant.example>\r\n"
            + "To: cor@bakkerij.example\r\nSubject: Offerte\r\nDate: Tue, 3 Nov 2026 10:00:00 +0100\r\n\r\nHallo\r\n";

    private GraphCalls calls;
    private FakeOutlookMail mail;

    @BeforeEach
    void start() {
        calls = GraphCalls.start(FakeGraphSettings.published(), BOX);
        mail = calls.graph().mail();
    }

    @AfterEach
    void stop() {
        calls.close();
    }

    @Test
    void aMessageCarriesThePropertiesExchangeFillsFromItsHeaders() throws Exception {
        String id = mail.deliver(BOX, "inbox", MIME, Instant.parse("2026-11-03T09:00:05Z"));

        JsonNode m = calls.send("GET", "/me/messages/" + id, null).body();

        assertThat(m.path("internetMessageId").asString()).isEqualTo("<a1@klant.example>");
        assertThat(m.path("from").path("emailAddress").path("name").asString()).isEqualTo("Jürgen");
        assertThat(m.path("toRecipients").get(0).path("emailAddress").path("address").asString()).isEqualTo("cor@bakkerij.example");
        assertThat(m.path("sentDateTime").asString()).isEqualTo("2026-11-03T09:00:00Z");
        assertThat(m.path("receivedDateTime").asString()).isEqualTo("2026-11-03T09:00:05Z");
        assertThat(m.path("parentFolderId").asString()).isEqualTo(mail.folderId(BOX, "inbox"));
        assertThat(m.path("@odata.etag").asString()).isEqualTo("W/\"" + m.path("changeKey").asString() + "\"");
    }

    @Test
    void messageDeltaRefusesTheFiltersOrderingAndSearchItsPageDoesNotAllow() throws Exception {
        String delta = "/me/mailFolders/inbox/messages/delta";

        assertThat(calls.send("GET", delta + "?$filter=receivedDateTime%20ge%202026-11-01T00:00:00Z", null).status()).isEqualTo(200);
        assertThat(calls.send("GET", delta + "?$filter=receivedDateTime%20gt%202026-11-01T00:00:00Z", null).status()).isEqualTo(200);
        Answer subject = calls.send("GET", delta + "?$filter=subject%20eq%20'x'", null);
        assertThat(subject.status()).isEqualTo(400);
        assertThat(calls.send("GET", delta + "?$filter=receivedDateTime%20lt%202026-11-01T00:00:00Z", null).status()).isEqualTo(400);
        assertThat(calls.send("GET", delta + "?$orderby=receivedDateTime%20asc", null).status()).isEqualTo(400);
        assertThat(calls.send("GET", delta + "?$search=%22offerte%22", null).status()).isEqualTo(400);
    }

    @Test
    void aCategoryChangeIsAChangeInTheNextRoundAndADeletedMessageComesAsRemoved() throws Exception {
        String kept = mail.deliver(BOX, "inbox", MIME, Instant.parse("2026-11-03T09:00:05Z"));
        String deleted = mail.deliver(BOX, "inbox", MIME, Instant.parse("2026-11-03T09:00:06Z"));
        mail.deliver(BOX, "inbox", MIME, Instant.parse("2026-11-03T09:00:07Z"));
        String link = calls.send("GET", "/me/mailFolders/inbox/messages/delta?$select=categories", null)
                .body().path("@odata.deltaLink").asString();

        mail.userCategorize(BOX, kept, "Koppel");
        mail.userDelete(BOX, deleted);
        JsonNode next = calls.send("GET", link, null).body();

        assertThat(next.path("value")).hasSize(2);
        assertThat(next.path("value").get(0).path("id").asString()).isEqualTo(kept);
        assertThat(next.path("value").get(0).path("categories").get(0).asString()).isEqualTo("Koppel");
        assertThat(next.path("value").get(0).has("subject")).as("$select of the first request holds").isFalse();
        assertThat(next.path("value").get(1).path("@removed").path("reason").asString()).isEqualTo("deleted");
        assertThat(next.path("value").get(1).path("id").asString()).isEqualTo(deleted);

        mail.expireDeltaTokens(BOX);
        Answer expired = calls.send("GET", link, null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.error()).isEqualTo("syncStateNotFound");
    }

    @Test
    void updatingCategoriesReplacesThemChangesTheChangeKeyAndAStaleIfMatchIs412() throws Exception {
        String id = mail.deliver(BOX, "inbox", MIME, Instant.now());
        mail.userCategorize(BOX, id, "Klant", "Koppel");
        String etag = calls.send("GET", "/me/messages/" + id, null).body().path("@odata.etag").asString();

        Answer patched = calls.send("PATCH", "/me/messages/" + id, "{\"categories\":[\"Processed\"]}", "If-Match", etag);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(mail.categories(BOX, id)).containsExactly("Processed");
        assertThat(patched.body().path("@odata.etag").asString()).isNotEqualTo(etag);

        Answer stale = calls.send("PATCH", "/me/messages/" + id, "{\"categories\":[]}", "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(mail.categories(BOX, id)).containsExactly("Processed");
        assertThat(calls.send("PATCH", "/me/messages/" + id, "{\"subject\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void theMimeValueIsTheDeliveredBytesAndInABatchItIsBase64() throws Exception {
        String id = mail.deliver(BOX, "inbox", MIME, Instant.now());

        JsonNode batch = calls.send("POST", "/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me/messages/"
                + id + "/$value\"}]}").body();

        JsonNode answer = batch.path("responses").get(0);
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(new String(Base64.getDecoder().decode(answer.path("body").asString()))).isEqualTo(MIME);
    }
}
