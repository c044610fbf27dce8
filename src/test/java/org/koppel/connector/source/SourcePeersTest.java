package org.koppel.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.security.OutboundPolicy;
import org.koppel.sync.DataType;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.source.SourceServer;

import tools.jackson.databind.json.JsonMapper;

/** Setting up a {@code source} connection: each field's problem named, and the sign-in by listing relation types. */
class SourcePeersTest {

    private static final String OFFICE = "4711";
    private static final String KEY = "k3y-never-shown";

    private final SourcePeers peers = new SourcePeers(JsonMapper.builder().build(), Loopback.POLICY);
    private SourceServer source;

    @BeforeEach
    void start() {
        source = SourceServer.start(OFFICE, KEY);
    }

    @AfterEach
    void stop() {
        source.close();
    }

    private Map<String, String> settings(String url, String office) {
        var settings = new HashMap<String, String>();
        if (url != null) settings.put(SourcePeers.URL, url);
        if (office != null) settings.put(SourcePeers.OFFICE, office);
        settings.put("relationType.1", "Client"); // the activation's mapping rides along untouched
        return settings;
    }

    private static Map<String, String> problems(Runnable setUp) {
        var problems = new HashMap<String, String>();
        assertThatThrownBy(setUp::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> e.problems().forEach(p -> problems.put(p.field(), p.reason())));
        return problems;
    }

    @Test
    void workingSettingsSignInAndComeBackAsGivenWithRelationsTheOnlyDataType() {
        Map<String, String> given = settings(" " + source.baseUrl() + " ", OFFICE);

        Map<String, String> done = peers.setUp(given, KEY);

        assertThat(done).containsEntry(SourcePeers.URL, source.baseUrl().toString()).containsEntry(SourcePeers.OFFICE, OFFICE)
                .containsEntry("relationType.1", "Client").hasSize(3);
        assertThat(source.requests()).isEqualTo(1);
        Connection connection = new Connection(1, SourcePeers.TYPE, "Dossiers", 1, Connection.Status.ACTIVE, null, done,
                false, 1, Instant.EPOCH, Instant.EPOCH);
        assertThat(peers.dataTypes(connection)).containsExactly(DataType.RELATIONS);
        try (var peer = peers.open(connection, KEY, DataType.RELATIONS)) {
            assertThat(peer).isInstanceOf(SourcePeer.class);
        }
        assertThatThrownBy(() -> peers.open(connection, KEY, DataType.CONTACTS)).isInstanceOf(PeerException.Configuration.class);
    }

    @Test
    void missingFieldsAreEachNamedAndNothingIsSent() {
        assertThat(problems(() -> peers.setUp(settings(null, null), " "))).containsOnlyKeys("settings.url",
                "settings.office", "secret");
        assertThat(source.requests()).isZero();
    }

    @Test
    void anOfficeNumberIsDigitsOnly() {
        assertThat(problems(() -> peers.setUp(settings(source.baseUrl().toString(), "AC-4711"), KEY)))
                .containsOnlyKeys("settings.office").containsValue("is the source's office number: digits only");
    }

    @Test
    void aUrlMustBeHttpsOrLoopbackWhereTheOutboundPolicyAllowsIt() {
        assertThat(problems(() -> peers.setUp(settings("dossier.example.nl", OFFICE), KEY)))
                .containsOnlyKeys("settings.url");
        assertThat(problems(() -> peers.setUp(settings("ftp://127.0.0.1/api", OFFICE), KEY)))
                .containsOnlyKeys("settings.url");
        var strict = new SourcePeers(JsonMapper.builder().build(), OutboundPolicy.defaults());
        assertThat(problems(() -> strict.setUp(settings(source.baseUrl().toString(), OFFICE), KEY)).get("settings.url"))
                .contains("may not reach").contains(OutboundPolicy.ALLOW_SETTING);
        var anyHost = new SourcePeers(JsonMapper.builder().build(),
                OutboundPolicy.of("loopback", "").withResolver(host -> new java.net.InetAddress[] {
                        java.net.InetAddress.getByName("93.184.215.14")}));
        assertThat(problems(() -> anyHost.setUp(settings("http://dossier.example.nl/api/v1", OFFICE), KEY))
                .get("settings.url")).contains("https");
        assertThat(source.requests()).isZero();
    }

    @Test
    void aRefusedOfficeNumberOrKeyIsAProblemOnTheSecretThatNeverShowsIt() {
        Map<String, String> problems = problems(() -> peers.setUp(settings(source.baseUrl().toString(), "1234"), KEY));

        assertThat(problems).containsOnlyKeys("secret").containsValue("the source refused the office number or API key");
        assertThat(problems(() -> peers.setUp(settings(source.baseUrl().toString(), OFFICE), "wrong")))
                .containsOnlyKeys("secret");
        assertThat(problems.values()).noneMatch(reason -> reason.contains(KEY));
    }

    @Test
    void noSourceAnsweringAtTheUrlIsAProblemOnTheUrl() {
        String wrongPath = source.baseUrl().resolve("/elsewhere").toString();
        assertThat(problems(() -> peers.setUp(settings(wrongPath, OFFICE), KEY))).containsOnlyKeys("settings.url");
        String url = source.baseUrl().toString();
        source.close();
        assertThat(problems(() -> peers.setUp(settings(url, OFFICE), KEY))).containsOnlyKeys("settings.url");
    }

    @Test
    void theActivationListsTheSourcesRelationTypes() {
        assertThat(peers.relationTypes(settings(source.baseUrl().toString(), OFFICE), KEY))
                .extracting(SourceRelationType::name).containsExactly("Cliënt", "Wederpartij", "Advocaat wederpartij",
                        "Deurwaarder", "Rechtbank", "Leverancier");
        assertThat(problems(() -> peers.relationTypes(settings(source.baseUrl().toString(), OFFICE), "wrong")))
                .containsOnlyKeys("secret");
    }
}
