package org.koppel.connector.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.graph.FakeGraph;
import org.koppel.testkit.graph.FakeGraphSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Microsoft 365 contact peer over real HTTP against the Graph fake. */
class GraphContactPeerTest {

    private static final String BOX = "anne@bakkerij.example";

    private final JsonMapper json = JsonMapper.builder().build();
    private FakeGraph graph;
    private GraphClient client;

    @BeforeEach
    void start() {
        graph = FakeGraph.start(FakeGraphSettings.published().withMaxPageSize(3));
        client = new GraphClient(graph.baseUrl(), TestTokens.fixed(graph.issueToken(BOX)), MailboxGate.unshared(4), json,
                GraphClient.Options.defaults());
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private GraphContactPeer peer() {
        return new GraphContactPeer(client, "koppel", json);
    }

    private static Snapshot person(String given, String family) {
        return Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, given, ContactSlots.FAMILY_NAME, family));
    }

    private String koppelFolder() {
        return graph.folderNamed(BOX, "Koppel").orElseThrow();
    }

    private static Function<String, String> knowing(Map<String, String> versions) {
        return versions::get;
    }

    private static Map<String, String> versions(Map<Long, ItemPeer.Written<ItemPeer.Created>> created) {
        var versions = new HashMap<String, String>();
        created.values().forEach(w -> versions.put(w.item().item().peerId(), w.item().item().version()));
        return versions;
    }

    @Test
    void aFullListingPagesThroughDeltaAndFetchesOnlyWhatTheEngineDoesNotKnow() {
        var peer = peer();
        var values = new LinkedHashMap<Long, Snapshot>();
        for (long i = 1; i <= 7; i++) values.put(i, person("Klant", "Nummer" + i));
        var created = peer.createAll(values);

        PeerDelta unknown = peer.fullListing(id -> null);
        assertThat(unknown.complete()).isTrue();
        assertThat(unknown.present()).hasSize(7);
        assertThat(unknown.changed()).extracting(PeerItem::stampedCrmId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(graph.served("contact.delta")).as("7 contacts in pages of at most 3").isEqualTo(3);

        long readsBefore = graph.served("contact.get");
        PeerDelta known = peer.fullListing(knowing(versions(created)));
        assertThat(known.present()).hasSize(7);
        assertThat(known.changed()).isEmpty();
        assertThat(graph.served("contact.get")).isEqualTo(readsBefore);
    }

    @Test
    void deltaReturnsOutlookEditsAndDeletionsButNotKoppelsOwnWrites() {
        var peer = peer();
        var created = peer.createAll(Map.of(1L, person("Anna", "Smit"), 2L, person("Bert", "Smit"), 3L, person("Cor", "Smit")));
        var versions = versions(created);
        PeerDelta listing = peer.fullListing(knowing(versions));
        String anna = created.get(1L).item().item().peerId();
        String bert = created.get(2L).item().item().peerId();
        PeerItem cor = created.get(3L).item().item();

        graph.outlookEdit(BOX, anna, "{\"givenName\":\"Annie\"}");
        graph.outlookDelete(BOX, bert);
        PeerItem corUpdated = peer.update(cor, person("Cornelis", "Smit"), 3);
        versions.put(cor.peerId(), corUpdated.version());

        PeerDelta delta = peer.changes(listing.nextCursor(), knowing(versions));
        assertThat(delta.complete()).isFalse();
        assertThat(delta.changed()).singleElement().satisfies(item -> {
            assertThat(item.peerId()).isEqualTo(anna);
            assertThat(item.values().get(ContactSlots.GIVEN_NAME)).isEqualTo("Annie");
            assertThat(item.stampedCrmId()).isEqualTo(1L);
        });
        assertThat(delta.removed()).containsExactly(bert);

        PeerDelta quiet = peer.changes(delta.nextCursor(), id -> null);
        assertThat(quiet.changed()).isEmpty();
        assertThat(quiet.removed()).isEmpty();
    }

    @Test
    void anExpiredDeltaTokenIsAnExpiredCursorAndAFullListingReconciles() {
        var peer = peer();
        var created = peer.createAll(Map.of(1L, person("Anna", "Smit"), 2L, person("Bert", "Smit")));
        PeerDelta listing = peer.fullListing(knowing(versions(created)));
        graph.outlookCreate(BOX, koppelFolder(), "{\"givenName\":\"Nieuw\",\"surname\":\"In Outlook\"}");
        graph.expireDeltaTokens(BOX);

        assertThatThrownBy(() -> peer.changes(listing.nextCursor(), knowing(versions(created))))
                .isInstanceOf(PeerException.CursorExpired.class);

        PeerDelta again = peer.fullListing(knowing(versions(created)));
        assertThat(again.complete()).isTrue();
        assertThat(again.present()).hasSize(3).containsAll(versions(created).keySet());
        assertThat(again.changed()).singleElement().satisfies(i -> assertThat(i.stampedCrmId()).isNull());
        assertThat(peer.changes(again.nextCursor(), id -> null).changed()).isEmpty();
    }

    @Test
    void anUpdateWithAStaleChangeKeyIsAVersionMismatchAndChangesNothing() {
        var peer = peer();
        PeerItem item = peer.create(9, person("Petra", "Vries")).item();
        graph.outlookEdit(BOX, item.peerId(), "{\"givenName\":\"Petronella\"}");

        assertThatThrownBy(() -> peer.update(item, person("Koppel", "Vries"), 9)).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(graph.contact(BOX, item.peerId()).orElseThrow().path("givenName").asString()).isEqualTo("Petronella");
        assertThatThrownBy(() -> peer.delete(item.peerId(), item.version())).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(graph.contact(BOX, item.peerId())).isPresent();
    }

    @Test
    void theCrmIdStampIsReadBackAndFoundByGraphsExtendedPropertyFilter() {
        var peer = peer();
        String id = peer.create(4711, person("Jan", "Stempel")).item().peerId();

        PeerDelta listing = peer.fullListing(i -> null);
        assertThat(listing.changed()).singleElement().satisfies(i -> assertThat(i.stampedCrmId()).isEqualTo(4711L));

        String filter = java.net.URLEncoder.encode("singleValueExtendedProperties/Any(ep: ep/id eq '" + ExtendedProperties.CRM_ID
                + "' and ep/value eq '4711')", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        GraphResponse found = client.get("/me/contactFolders/" + koppelFolder() + "/contacts?$filter=" + filter, Map.of());
        assertThat(found.body().path("value")).extracting(c -> c.path("id").asString()).containsExactly(id);
    }

    @Test
    void severalAddressesAndPhonesInOutlookKeepTheirOthersAfterAKoppelWrite() {
        var peer = peer();
        var values = Map.of(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON, ContactSlots.FAMILY_NAME, "Dijk",
                ContactSlots.EMAIL_WORK, "geert@abc.nl", ContactSlots.TEL_WORK, "010 111");
        PeerItem created = peer.create(5, Snapshot.of(values)).item();
        graph.outlookEdit(BOX, created.peerId(), "{\"emailAddresses\":[{\"address\":\"geert@abc.nl\"},"
                + "{\"address\":\"geert@thuis.nl\"},{\"address\":\"g@oud.nl\"}],\"businessPhones\":[\"010 111\",\"010 222\"]}");
        PeerItem edited = peer.fetch(List.of(created.peerId())).get(created.peerId());
        assertThat(edited.values().get(ContactSlots.EMAIL_HOME)).isEqualTo("geert@thuis.nl");

        var wanted = new HashMap<>(edited.values().values());
        wanted.put(ContactSlots.EMAIL_WORK, "geert@nieuw.nl");
        wanted.put(ContactSlots.TEL_WORK, "010 999");
        wanted.put(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON);
        PeerItem written = peer.update(edited, Snapshot.of(wanted), 5);

        JsonNode stored = graph.contact(BOX, created.peerId()).orElseThrow();
        assertThat(stored.path("emailAddresses")).extracting(e -> e.path("address").asString())
                .containsExactly("geert@nieuw.nl", "geert@thuis.nl", "g@oud.nl");
        assertThat(stored.path("businessPhones")).extracting(JsonNode::asString).containsExactly("010 999", "010 222");
        assertThat(written.values().get(ContactSlots.EMAIL_WORK)).isEqualTo("geert@nieuw.nl");
        assertThat(written.version()).isEqualTo(stored.path("changeKey").asString());
    }

    @Test
    void theInfixRoundTripsThroughOutlooksMiddleName() {
        var peer = peer();
        var values = Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Jan", ContactSlots.INFIX, "van der", ContactSlots.FAMILY_NAME, "Berg"));
        String id = peer.create(6, values).item().peerId();

        JsonNode stored = graph.contact(BOX, id).orElseThrow();
        assertThat(stored.path("middleName").asString()).isEqualTo("van der");
        assertThat(stored.path("surname").asString()).isEqualTo("Berg");
        assertThat(stored.path("displayName").asString()).isEqualTo("Jan van der Berg");
        assertThat(peer.fetch(List.of(id)).get(id).values()).isEqualTo(values);
    }

    @Test
    void aPrivateIndividualsPrivateAddressIsOutlooksFirst() {
        var peer = peer();
        var values = Map.of(ContactSlots.KIND, ContactSlots.KIND_PRIVATE_INDIVIDUAL, ContactSlots.FAMILY_NAME, "Jansen",
                ContactSlots.EMAIL_HOME, "anna@thuis.nl", ContactSlots.TEL_HOME, "020 123", ContactSlots.TEL_CELL, "06 123");
        String id = peer.create(7, Snapshot.of(values)).item().peerId();

        JsonNode stored = graph.contact(BOX, id).orElseThrow();
        assertThat(stored.path("emailAddresses").get(0).path("address").asString()).isEqualTo("anna@thuis.nl");
        assertThat(stored.path("homePhones").get(0).asString()).isEqualTo("020 123");
        assertThat(stored.path("mobilePhone").asString()).isEqualTo("06 123");
        assertThat(peer.fetch(List.of(id)).get(id).values().values())
                .containsEntry(ContactSlots.EMAIL_HOME, "anna@thuis.nl").doesNotContainKey(ContactSlots.EMAIL_WORK);
    }

    @Test
    void outlooksMergeByEmailShowsUpAsAChangeWithTheOtherPersonsName() {
        var peer = peer();
        PeerDelta empty = peer.fullListing(id -> null);
        graph.outlookCreate(BOX, koppelFolder(), "{\"givenName\":\"Geert\",\"middleName\":\"van\",\"surname\":\"Dijk\","
                + "\"displayName\":\"Geert van Dijk\",\"jobTitle\":\"directeur\",\"businessPhones\":[\"010 555 1234\"],"
                + "\"emailAddresses\":[{\"name\":\"Geert van Dijk\",\"address\":\"info@abcbedrijf.nl\"}]}");
        graph.mergeByEmail(BOX, true);

        var petra = Map.of(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON, ContactSlots.GIVEN_NAME, "Petra",
                ContactSlots.INFIX, "de", ContactSlots.FAMILY_NAME, "Vries", ContactSlots.EMAIL_WORK, "info@abcbedrijf.nl");
        PeerItem created = peer.create(8, Snapshot.of(petra)).item();
        assertThat(created.values().get(ContactSlots.GIVEN_NAME)).isEqualTo("Petra");

        PeerDelta delta = peer.changes(empty.nextCursor(), id -> id.equals(created.peerId()) ? created.version() : null);
        PeerItem merged = delta.changed().stream().filter(i -> i.peerId().equals(created.peerId())).findFirst().orElseThrow();
        assertThat(merged.version()).isNotEqualTo(created.version());
        assertThat(merged.stampedCrmId()).isEqualTo(8L);
        assertThat(merged.values().values()).containsEntry(ContactSlots.GIVEN_NAME, "Geert").containsEntry(ContactSlots.FAMILY_NAME, "Dijk")
                .containsEntry(ContactSlots.JOB_TITLE, "directeur").containsEntry(ContactSlots.TEL_WORK, "010 555 1234");
    }

    @Test
    void aDeletedKoppelFolderIsRecreatedAndListedAgainInsteadOfWiped() {
        var peer = peer();
        var created = peer.createAll(Map.of(1L, person("Anna", "Smit")));
        PeerDelta listing = peer.fullListing(knowing(versions(created)));
        String before = koppelFolder();
        graph.outlookDeleteFolder(BOX, before);

        PeerDelta after = peer.changes(listing.nextCursor(), knowing(versions(created)));
        assertThat(after.complete()).isTrue();
        assertThat(after.present()).isEmpty();
        assertThat(koppelFolder()).isNotEqualTo(before);
        String folder = json.readTree(after.nextCursor()).path("folderId").asString();
        assertThat(folder).isEqualTo(koppelFolder());
    }

    @Test
    void theDefaultFolderChoiceUsesTheUsersOwnContacts() {
        var peer = new GraphContactPeer(client, "default", json);
        PeerDelta empty = peer.fullListing(id -> null);
        assertThat(empty.complete()).isTrue();
        assertThat(empty.present()).isEmpty();

        String koppels = peer.create(3, person("Kees", "Koppel")).item().peerId();
        String own = graph.outlookCreate(BOX, graph.defaultFolderId(BOX), "{\"surname\":\"Eigen\"}");
        assertThat(graph.contacts(BOX, graph.defaultFolderId(BOX))).extracting(c -> c.path("id").asString()).contains(own, koppels);
        assertThat(graph.folderNamed(BOX, "Koppel")).isEmpty();

        PeerDelta listing = peer.changes(empty.nextCursor(), id -> null);
        assertThat(listing.present()).containsExactlyInAnyOrder(own, koppels);
        peer.delete(koppels, peer.fetch(List.of(koppels)).get(koppels).version());
        assertThat(peer.changes(listing.nextCursor(), id -> null).removed()).containsExactly(koppels);
        peer.delete(koppels, "gone-already");
    }
}
