package org.koppel.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.koppel.sync.RelationSlots.*;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.Loopback;
import org.koppel.testkit.source.SourceServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The source-system peer against the reference source server (docs/source-system.md): listing and the
 * field map of each kind, the change list's rules (tombstones, archived, paging, cursors), writes of only
 * what changed, and the contract's errors as typed failures.
 */
class SourcePeerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OFFICE = "4711";
    private static final String KEY = "k3y-never-shown";
    private static final Function<String, String> NONE_KNOWN = id -> null;

    private SourceServer source;
    private SourcePeer peer;

    @BeforeEach
    void start() {
        source = SourceServer.start(OFFICE, KEY);
        peer = peer(KEY, SourcePeer.PAGE_SIZE);
    }

    @AfterEach
    void stop() {
        peer.close();
        source.close();
    }

    private SourcePeer peer(String key, int pageSize) {
        return peer(key, pageSize, "mapping-a");
    }

    private SourcePeer peer(String key, int pageSize, String selection) {
        return new SourcePeer(new SourceClient(source.baseUrl(), OFFICE, key, Loopback.POLICY, JSON, Clock.systemUTC()),
                JSON, selection, pageSize);
    }

    // ---- reading: the field map ----------------------------------------------------------------

    @Test
    void anOrganisationIsReadWithHeadOfficeAsVisitingAndPostalButNotItsInvoiceAddress() {
        String id = source.createOrganisation(fields("name", "Bakker Bouw B.V.", "phone", "020-1234567", "email", "info@bakker.nl",
                "website", "https://bakker.nl", "kvk", "12345678", "addresses", JSON.createArrayNode()
                        .add(sourceAddress("head_office", "Kerkstraat", "12", "1017 GC", "Amsterdam"))
                        .add(sourceAddress("postal", "Postbus", "99", "1000 AB", "Amsterdam"))
                        .add(sourceAddress("invoice", "Factuurweg", "1", "1111 AA", "Diemen"))), "2");

        PeerItem item = only(peer.fullListing(NONE_KNOWN));

        assertThat(item.peerId()).isEqualTo(id);
        assertThat(item.version()).isEqualTo("1");
        assertThat(item.stampedCrmId()).isNull();
        assertThat(item.modifiedAt()).isNotNull();
        assertThat(JSON.readTree(item.raw()).path("addresses")).hasSize(3);
        assertThat(item.values().values()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(KIND, KIND_ORGANISATION), Map.entry(RELATION_TYPE, "2"),
                Map.entry(ORGANISATION_NAME, "Bakker Bouw B.V."), Map.entry(ORGANISATION_PHONE, "020-1234567"),
                Map.entry(ORGANISATION_EMAIL, "info@bakker.nl"), Map.entry(ORGANISATION_WEBSITE, "https://bakker.nl"),
                Map.entry(ORGANISATION_KVK, "12345678"),
                Map.entry(address("visiting", "street"), "Kerkstraat"), Map.entry(address("visiting", "houseNumber"), "12"),
                Map.entry(address("visiting", "postalCode"), "1017 GC"), Map.entry(address("visiting", "city"), "Amsterdam"),
                Map.entry(address("visiting", "country"), "NL"),
                Map.entry(address("postal", "street"), "Postbus"), Map.entry(address("postal", "houseNumber"), "99"),
                Map.entry(address("postal", "postalCode"), "1000 AB"), Map.entry(address("postal", "city"), "Amsterdam"),
                Map.entry(address("postal", "country"), "NL")));
    }

    @Test
    void aContactPersonsMobileAndEmailEachFeedBothSlotsAndItCarriesItsParent() {
        String org = source.createOrganisation();
        String person = source.createContactPerson(org, contactPerson("female"), "1");

        PeerItem item = peer.fetch(List.of(person)).get(person);

        assertThat(item.values().values()).containsAllEntriesOf(Map.ofEntries(
                Map.entry(KIND, KIND_CONTACT_PERSON), Map.entry(RELATION_TYPE, "1"),
                Map.entry(PARENT_ID, org), Map.entry(PARENT_KIND, KIND_ORGANISATION),
                Map.entry(PERSON_FIRST_NAMES, "Johanna Maria"), Map.entry(PERSON_INITIALS, "J.M."),
                Map.entry(PERSON_INFIX, "van der"), Map.entry(PERSON_LAST_NAME, "Berg"),
                Map.entry(PERSON_BIRTH_DATE, "1975-04-12"), Map.entry(PERSON_GENDER, "female"),
                Map.entry(PERSON_FUNCTION, "Bedrijfsjurist"), Map.entry(PERSON_DIRECT_PHONE, "020-1234500"),
                Map.entry(PERSON_MOBILE_BUSINESS, "06-12345678"), Map.entry(PERSON_MOBILE_PRIVATE, "06-12345678"),
                Map.entry(PERSON_PRIVATE_PHONE, "020-7654321"),
                Map.entry(PERSON_EMAIL_BUSINESS, "j.berg@bakker.nl"), Map.entry(PERSON_EMAIL_PRIVATE, "j.berg@bakker.nl"),
                Map.entry(address("private", "street"), "Dorpsstraat"), Map.entry(address("private", "city"), "Utrecht")));
        assertThat(item.values().get(ARCHIVED)).isNull();
    }

    @Test
    void aPrivateIndividualIsReadWithItsPrivateAddressAndAContactPersonOfOneSaysSo() {
        String individual = source.createPrivateIndividual(fields("name", "Piet Pietersen", "email", "piet@ziggo.nl",
                "phone", "030-1112233", "addresses", JSON.createArrayNode()
                        .add(sourceAddress("private", "Dorpsstraat", "3", "3511 AA", "Utrecht"))
                        .add(sourceAddress("other", "Elders", "9", "9999 ZZ", "Ergens"))), "1");
        String helper = source.createContactPerson(individual, contactPerson("male"), "1");

        Map<String, PeerItem> items = peer.fetch(List.of(individual, helper));

        assertThat(items.get(individual).values().values()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(KIND, KIND_PRIVATE_INDIVIDUAL), Map.entry(RELATION_TYPE, "1"),
                Map.entry(INDIVIDUAL_NAME, "Piet Pietersen"), Map.entry(INDIVIDUAL_EMAIL, "piet@ziggo.nl"),
                Map.entry(INDIVIDUAL_PHONE, "030-1112233"),
                Map.entry(address("private", "street"), "Dorpsstraat"), Map.entry(address("private", "houseNumber"), "3"),
                Map.entry(address("private", "postalCode"), "3511 AA"), Map.entry(address("private", "city"), "Utrecht"),
                Map.entry(address("private", "country"), "NL")));
        assertThat(items.get(helper).values().get(PARENT_KIND)).isEqualTo(KIND_PRIVATE_INDIVIDUAL);
    }

    @Test
    void theSourcesUnknownGenderIsNoValue() {
        String person = source.createContactPerson(source.createOrganisation(), contactPerson("unknown"), "1");

        assertThat(peer.fetch(List.of(person)).get(person).values().get(PERSON_GENDER)).isNull();
    }

    // ---- the change list ----------------------------------------------------------------------

    @Test
    void anArchivedRelationIsAChangeWithTheArchivedHintNeverARemoval() {
        String org = source.createOrganisation();
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        source.archive(org);

        PeerDelta delta = peer.changes(cursor, NONE_KNOWN);

        assertThat(delta.removed()).isEmpty();
        assertThat(only(delta).values().get(ARCHIVED)).isEqualTo("true");
        assertThat(peer.fullListing(NONE_KNOWN).present()).containsExactly(org);
    }

    @Test
    void aTombstoneIsARemovalSinceTheCursorAndIsNotPresentInAFullListing() {
        String kept = source.createOrganisation();
        String gone = source.createOrganisation();
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        source.delete(gone);

        PeerDelta delta = peer.changes(cursor, NONE_KNOWN);
        assertThat(delta.changed()).isEmpty();
        assertThat(delta.removed()).containsExactly(gone);

        PeerDelta full = peer.fullListing(NONE_KNOWN);
        assertThat(full.complete()).isTrue();
        assertThat(full.present()).containsExactly(kept);
        assertThat(full.changed()).extracting(PeerItem::peerId).containsExactly(kept);
        assertThat(peer.fetch(List.of(kept, gone))).containsOnlyKeys(kept);
    }

    @Test
    void changesAfterACursorAreOnlyThoseMadeSinceAndANextCursorResumesAfterThem() {
        List<String> seeded = source.seed(60);
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        String edited = seeded.stream().filter(id -> !state(id).equals("deleted")).findFirst().orElseThrow();
        source.edit(edited, "email", "nieuw@example.nl");
        String added = source.createOrganisation();

        PeerDelta delta = peer.changes(cursor, NONE_KNOWN);

        assertThat(delta.complete()).isFalse();
        assertThat(delta.changed()).extracting(PeerItem::peerId).containsExactlyInAnyOrder(edited, added);
        assertThat(peer.changes(delta.nextCursor(), NONE_KNOWN).changed()).as("nothing since").isEmpty();
    }

    @Test
    void aRelationChangedWhilePagingIsListedOnceAtItsLatestVersionAndNothingIsSkipped() {
        List<String> seeded = source.seed(30);
        List<String> live = seeded.stream().filter(id -> !state(id).equals("deleted")).toList();
        String early = seeded.stream().filter(id -> state(id).equals("active")).findFirst().orElseThrow();
        source.afterNextPage(() -> source.edit(early, "phone", "010-9999999"));

        PeerDelta full;
        try (SourcePeer paging = peer(KEY, 7)) {
            full = paging.fullListing(NONE_KNOWN);
        }

        List<PeerItem> listed = full.changed().stream().filter(i -> i.peerId().equals(early)).toList();
        assertThat(listed).hasSize(1);
        assertThat(listed.getFirst().version()).isEqualTo("2");
        assertThat(listed.getFirst().values().values()).containsValue("010-9999999");
        assertThat(full.present()).containsExactlyInAnyOrderElementsOf(live);
        assertThat(full.changed()).extracting(PeerItem::peerId).doesNotHaveDuplicates();
    }

    @Test
    void relationsAtTheirKnownVersionAreNotReturnedButStillPresent() {
        String unchanged = source.createOrganisation();
        String changed = source.createOrganisation();
        source.edit(changed, "phone", "020-0000000");

        PeerDelta full = peer.fullListing(Map.of(unchanged, "1", changed, "1")::get);

        assertThat(full.changed()).extracting(PeerItem::peerId).containsExactly(changed);
        assertThat(full.present()).containsExactlyInAnyOrder(unchanged, changed);
    }

    @Test
    void organisationsComeFirstThenPrivateIndividualsThenContactPersons() {
        String individual = source.createPrivateIndividual(fields("name", "Eerst Gemaakt"), "1");
        String org = source.createOrganisation();
        String person = source.createContactPerson(org, contactPerson("male"), "1");
        String laterOrg = source.createOrganisation();
        source.edit(org, "phone", "020-5555555"); // now the last change in the list, after its contact person

        assertThat(peer.fullListing(NONE_KNOWN).changed()).extracting(PeerItem::peerId)
                .containsExactly(laterOrg, org, individual, person);
    }

    @Test
    void anExpiredCursorIsCursorExpiredSoTheEngineListsEverything() {
        source.createOrganisation();
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        source.createOrganisation();
        source.expireCursors();

        assertThatThrownBy(() -> peer.changes(cursor, NONE_KNOWN)).isInstanceOf(PeerException.CursorExpired.class);
        assertThatThrownBy(() -> peer.changes("not a cursor of ours", NONE_KNOWN))
                .isInstanceOf(PeerException.CursorExpired.class);
        assertThatThrownBy(() -> peer.changes(SourceCursor.write("another source's", "mapping-a", JSON), NONE_KNOWN))
                .as("a cursor the source does not know, as after the connection moved to another office")
                .isInstanceOf(PeerException.CursorExpired.class);
    }

    @Test
    void aCursorMadeUnderAnotherRelationTypeMappingIsExpiredSoNewlyMappedTypesAreListed() {
        source.createOrganisation();
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();

        assertThat(peer.changes(cursor, NONE_KNOWN).changed()).isEmpty();
        try (SourcePeer remapped = peer(KEY, SourcePeer.PAGE_SIZE, "mapping-b")) {
            assertThatThrownBy(() -> remapped.changes(cursor, NONE_KNOWN)).isInstanceOf(PeerException.CursorExpired.class);
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    @Test
    void anUpdateSendsOnlyTheChangedFieldsAndTheSourceKeepsTheRestAndItsInvoiceAddress() {
        String id = source.createOrganisation(fields("name", "Visser Advies", "phone", "020-1111111", "kvk", "87654321",
                "addresses", JSON.createArrayNode().add(sourceAddress("head_office", "Molenweg", "1", "1234 AB", "Zwolle"))
                        .add(sourceAddress("invoice", "Factuurweg", "1", "1111 AA", "Diemen"))), "1");
        PeerItem current = peer.fetch(List.of(id)).get(id);

        assertThat(SourceFields.patch(KIND_ORGANISATION, current.values(), with(current, ORGANISATION_PHONE, "020-2222222"), JSON))
                .isEqualTo(fields("phone", "020-2222222"));
        assertThat(SourceFields.patch(KIND_ORGANISATION, current.values(), with(current, ORGANISATION_KVK, null), JSON))
                .as("a cleared field is sent as null").isEqualTo(JSON.createObjectNode().putNull("kvk"));
        PeerItem written = peer.update(current, with(current, ORGANISATION_PHONE, "020-2222222"), 42L);

        assertThat(written.version()).isEqualTo("2");
        assertThat(written.values().get(ORGANISATION_PHONE)).isEqualTo("020-2222222");
        JsonNode stored = source.relation(id).orElseThrow();
        assertThat(stored.path("name").asString()).isEqualTo("Visser Advies");
        assertThat(stored.path("kvk").asString()).isEqualTo("87654321");
        assertThat(stored.path("addresses")).extracting(a -> a.path("type").asString())
                .containsExactlyInAnyOrder("head_office", "invoice");
    }

    @Test
    void aChangedVisitingAddressReplacesTheHeadOfficeWholeAndOneEmptiedIsRemovedByType() {
        String id = source.createOrganisation(fields("name", "Smit Techniek", "addresses", JSON.createArrayNode()
                .add(sourceAddress("head_office", "Molenweg", "1", "1234 AB", "Zwolle"))
                .add(sourceAddress("postal", "Postbus", "7", "8000 AA", "Zwolle"))
                .add(sourceAddress("invoice", "Factuurweg", "1", "1111 AA", "Diemen"))), "1");
        PeerItem current = peer.fetch(List.of(id)).get(id);

        PeerItem moved = peer.update(current, with(current, address("visiting", "houseNumber"), "3"), 1L);
        assertThat(addressOf(id, "head_office")).isEqualTo(sourceAddress("head_office", "Molenweg", "3", "1234 AB", "Zwolle"));

        var emptied = new HashMap<>(moved.values().values());
        ADDRESS_PARTS.forEach(part -> emptied.remove(address("postal", part)));
        assertThat(SourceFields.patch(KIND_ORGANISATION, moved.values(), Snapshot.of(emptied), JSON))
                .isEqualTo(fields("addresses", JSON.createArrayNode().add(fields("type", "postal"))));
        peer.update(moved, Snapshot.of(emptied), 1L);

        assertThat(source.relation(id).orElseThrow().path("addresses")).extracting(a -> a.path("type").asString())
                .containsExactlyInAnyOrder("head_office", "invoice");
    }

    @Test
    void aContactPersonsMobileIsWrittenFromWhicheverSlotChangedTheBusinessOneFirst() {
        String id = source.createContactPerson(source.createOrganisation(), contactPerson("female"), "1");
        PeerItem current = peer.fetch(List.of(id)).get(id);

        PeerItem privateEdit = peer.update(current, with(current, PERSON_MOBILE_PRIVATE, "06-22222222"), 1L);
        assertThat(source.relation(id).orElseThrow().path("mobile").asString()).isEqualTo("06-22222222");
        assertThat(privateEdit.values().get(PERSON_MOBILE_BUSINESS)).isEqualTo("06-22222222");

        var both = new HashMap<>(privateEdit.values().values());
        both.put(PERSON_EMAIL_BUSINESS, "werk@bakker.nl");
        both.put(PERSON_EMAIL_PRIVATE, "thuis@example.nl");
        peer.update(privateEdit, Snapshot.of(both), 1L);
        assertThat(source.relation(id).orElseThrow().path("email").asString()).isEqualTo("werk@bakker.nl");
    }

    @Test
    void aClearedGenderIsWrittenAsUnknownAndKoppelsOtherIsNotWrittenBack() {
        String id = source.createContactPerson(source.createOrganisation(), contactPerson("male"), "1");
        PeerItem current = peer.fetch(List.of(id)).get(id);

        assertThat(SourceFields.patch(KIND_CONTACT_PERSON, current.values(), with(current, PERSON_GENDER, "other"), JSON))
                .isEmpty();
        peer.update(current, with(current, PERSON_GENDER, null), 1L);

        assertThat(source.relation(id).orElseThrow().path("gender").asString()).isEqualTo("unknown");
    }

    @Test
    void anUpdateThatChangesNothingSendsNoRequest() {
        String id = source.createOrganisation();
        PeerItem current = peer.fetch(List.of(id)).get(id);
        long before = peer.requests();

        var hinted = new HashMap<>(current.values().values());
        hinted.put(ARCHIVED, "true"); // a hint, not a field: never written
        assertThat(peer.update(current, Snapshot.of(hinted), 1L)).isSameAs(current);
        assertThat(peer.requests()).isEqualTo(before);
    }

    @Test
    void anUpdateAtAStaleVersionIsAVersionMismatchAndOfADeletedRelationIsRejected() {
        String id = source.createOrganisation();
        PeerItem current = peer.fetch(List.of(id)).get(id);
        source.edit(id, "website", "https://elders.nl");

        assertThatThrownBy(() -> peer.update(current, with(current, ORGANISATION_PHONE, "020-3333333"), 1L))
                .isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(source.relation(id).orElseThrow().path("phone").asString()).isNotEqualTo("020-3333333");

        source.delete(id);
        assertThatThrownBy(() -> peer.update(current, with(current, ORGANISATION_PHONE, "020-3333333"), 1L))
                .isInstanceOf(PeerException.ItemRejected.class).hasMessageContaining("deleted in the source");
    }

    @Test
    void aValueTheSourceRefusesIsThatItemsRejectionWithTheSourcesReason() {
        String id = source.createContactPerson(source.createOrganisation(), contactPerson("male"), "1");
        PeerItem current = peer.fetch(List.of(id)).get(id);

        assertThatThrownBy(() -> peer.update(current, with(current, PERSON_BIRTH_DATE, "12-04-1975"), 1L))
                .isInstanceOf(PeerException.ItemRejected.class).hasMessageContaining("birthDate is yyyy-mm-dd");
    }

    @Test
    void relationsAreNeverCreatedNorDeletedInTheSource() {
        String id = source.createOrganisation();
        long before = source.requests();

        assertThatThrownBy(() -> peer.create(1L, Snapshot.of(Map.of(ORGANISATION_NAME, "Nieuw"))))
                .isInstanceOf(PeerException.ItemRejected.class).hasMessageContaining("created in the source system only");
        peer.delete(id, "1");

        assertThat(source.requests()).isEqualTo(before);
        assertThat(state(id)).isEqualTo("active");
    }

    // ---- the contract's errors ---------------------------------------------------------------

    @Test
    void aRefusedKeyIsAuthExpiredWhoseMessageNeverHoldsTheKey() {
        try (SourcePeer wrong = peer("wrong-" + KEY, SourcePeer.PAGE_SIZE)) {
            assertThatThrownBy(() -> wrong.fullListing(NONE_KNOWN)).isInstanceOf(PeerException.AuthExpired.class)
                    .hasMessageContaining("the office number or API key was refused").hasMessageNotContaining(KEY);
        }
    }

    @Test
    void throttlingLongerThanARunWaitsIsTransientWithTheSourcesRetryAfter() {
        source.throttleNext(1, Duration.ofSeconds(45));

        assertThatThrownBy(() -> peer.fullListing(NONE_KNOWN)).isInstanceOfSatisfying(PeerException.Transient.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45)));
    }

    @Test
    void aShortThrottleOrA503IsWaitedOutInsideTheRun() {
        source.createOrganisation();
        source.throttleNext(2, Duration.ofSeconds(1));
        long before = source.requests();

        assertThat(peer.fullListing(NONE_KNOWN).changed()).hasSize(1);
        assertThat(source.requests() - before).as("two throttled, then the page").isEqualTo(3);

        source.failNext(1, 503);
        assertThat(peer.fullListing(NONE_KNOWN).changed()).hasSize(1);
    }

    @Test
    void anUnavailableOrUnreachableSourceIsTransient() {
        source.failNext(1, 500);
        assertThatThrownBy(() -> peer.fetch(List.of("100001"))).isInstanceOf(PeerException.Transient.class);

        source.close();
        assertThatThrownBy(() -> peer.fullListing(NONE_KNOWN)).isInstanceOf(PeerException.Transient.class);
    }

    @Test
    void theSourcesRelationTypesAreListedInItsOrderAndEveryRequestIsCounted() {
        try (var client = new SourceClient(source.baseUrl(), OFFICE, KEY, Loopback.POLICY, JSON, Clock.systemUTC())) {
            assertThat(client.relationTypes()).startsWith(new SourceRelationType("1", "Cliënt"),
                    new SourceRelationType("2", "Wederpartij")).hasSize(source.relationTypes().size());
            client.get("100001");
            assertThat(client.requests()).isEqualTo(2);
        }
    }

    @Test
    void theApiKeyIsNeverSentOverPlainHttpToAnotherHostNorToLoopbackWhereTheOutboundPolicyDeniesIt() {
        assertThatThrownBy(() -> new SourceClient(java.net.URI.create("http://dossier.example.nl/api/v1"), OFFICE, KEY,
                Loopback.POLICY, JSON, Clock.systemUTC())).isInstanceOf(PeerException.Configuration.class);
        assertThatThrownBy(() -> new SourceClient(source.baseUrl(), OFFICE, KEY,
                org.koppel.security.OutboundPolicy.defaults(), JSON, Clock.systemUTC()))
                .isInstanceOf(PeerException.Configuration.class);
        assertThat(source.requests()).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String state(String id) {
        return source.relation(id).orElseThrow().path("state").asString();
    }

    private JsonNode addressOf(String id, String type) {
        for (JsonNode a : source.relation(id).orElseThrow().path("addresses")) {
            if (a.path("type").asString().equals(type)) return a;
        }
        return null;
    }

    private static PeerItem only(PeerDelta delta) {
        assertThat(delta.changed()).hasSize(1);
        return delta.changed().getFirst();
    }

    private static Snapshot with(PeerItem current, String slot, String value) {
        var values = new HashMap<>(current.values().values());
        if (value == null) values.remove(slot);
        else values.put(slot, value);
        return Snapshot.of(values);
    }

    private static ObjectNode contactPerson(String gender) {
        return fields("firstNames", "Johanna Maria", "initials", "J.M.", "infix", "van der", "lastName", "Berg",
                "birthDate", "1975-04-12", "gender", gender, "function", "Bedrijfsjurist", "directPhone", "020-1234500",
                "mobile", "06-12345678", "privatePhone", "020-7654321", "email", "j.berg@bakker.nl",
                "addresses", JSON.createArrayNode().add(sourceAddress("private", "Dorpsstraat", "3", "3511 AA", "Utrecht")));
    }

    private static ObjectNode fields(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] instanceof JsonNode n) node.set((String) pairs[i], n);
            else node.put((String) pairs[i], (String) pairs[i + 1]);
        }
        return node;
    }

    private static ObjectNode sourceAddress(String type, String street, String number, String postalCode, String city) {
        return fields("type", type, "street", street, "houseNumber", number, "postalCode", postalCode, "city", city,
                "country", "NL");
    }
}
