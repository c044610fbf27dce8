package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.koppel.connector.PeerException;
import org.koppel.testkit.ScriptedServerTest;
import org.koppel.testkit.ScriptedHttpServer.Reply;

import tools.jackson.databind.json.JsonMapper;

/** What a Graph endpoint (or whatever answers in its place) must not do to a run: hold it, echo pages, redirect the token. */
class GraphClientLimitsTest extends ScriptedServerTest {

    private GraphClient client(GraphClient.Options options) {
        return new GraphClient(server.uri("/v1.0"), TestTokens.fixed("token-1"), MailboxGate.unshared(4),
                JsonMapper.builder().build(), options);
    }

    @Test
    void aClosedPeerClosesItsClientWhichSendsNothingMore() {
        GraphClient client = client(GraphClient.Options.defaults());

        new GraphContactPeer(client, null, JsonMapper.builder().build()).close();

        assertThatThrownBy(() -> client.get("/me/contacts", Map.of())).isInstanceOf(PeerException.Transient.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    @Timeout(30) // without the idle timeout: a minute, then the answer is read and nothing fails
    void aBodyThatStallsEndsTheRequestOnTheIdleTimeoutLongBeforeTheReadTimeout() {
        server.enqueue(Reply.text(200, "application/json", "{\"value\": []}").trickled(5_000));
        var options = GraphClient.Options.defaults().withReadTimeout(Duration.ofMinutes(5)).withIdleTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> client(options).get("/me/contacts", Map.of()))
                .isInstanceOf(PeerException.Transient.class)
                .hasMessageContaining("GET /v1.0/me/contacts to Microsoft 365 timed out: the response body stalled: "
                        + "nothing received for 300 ms");
    }

    /** Spring's JDK request factory closes the body at the read timeout too; whichever comes first ends it. */
    @Test
    void aBodyThatTricklesPastTheReadTimeoutEndsTheRequest() {
        server.enqueue(Reply.text(200, "application/json", "{\"value\": [], \"padding\": \"" + "p".repeat(200) + "\"}")
                .trickled(10));
        var options = GraphClient.Options.defaults().withReadTimeout(Duration.ofMillis(700)).withIdleTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> client(options).get("/me/contacts", Map.of()))
                .isInstanceOf(PeerException.Transient.class);
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefusedWhileReadingNotHeld() {
        server.enqueue(Reply.generated(200, "application/json", "{\"value\": [], \"x\": \"",
                (byte) 'x', GraphClient.MAX_BODY_BYTES + 1, "\"}"));

        assertThatThrownBy(() -> client(GraphClient.Options.defaults()).get("/me/contacts", Map.of()))
                .isInstanceOf(PeerException.Transient.class)
                .hasMessageContaining("the response body exceeds the limit of " + GraphClient.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void aPageThatIsNotJsonIsNeverEchoed() {
        server.enqueue(Reply.text(502, "text/html", "<html>db-password=hunter2 internal page</html>"));

        GraphResponse r = client(GraphClient.Options.defaults()).get("/me/contacts", Map.of());

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.errorCode()).isEqualTo("notJson");
        assertThat(r.body().toString()).doesNotContain("hunter2");
    }

    @Test
    void aLinkToAnotherHostIsNotFollowedWithTheToken() {
        // A nextLink on "localhost" instead of 127.0.0.1: another origin, though the same machine.
        String foreign = "http://localhost:" + server.uri("/").getPort() + "/v1.0/me/contacts?$skiptoken=x";

        assertThatThrownBy(() -> client(GraphClient.Options.defaults()).get(foreign, Map.of()))
                .isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("a link to another host (http://localhost:" + server.uri("/").getPort() + ")");
        assertThat(server.requests()).isEmpty();
    }
}
