package org.koppel.connector.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.Snapshot;
import org.koppel.testkit.google.FakeGoogle;
import org.koppel.testkit.google.FakeGoogleAccounts;

import tools.jackson.databind.JsonNode;

/** The Google contact peer against the Google fake (testkit/google), which follows Google's published pages. */
class GoogleContactPeerTest extends GoogleFakeTest {


    GoogleContactPeer peer() {
        return peer(PeopleClient.Options.defaults().withLongestWait(Duration.ofSeconds(5)));
    }

    GoogleContactPeer peer(PeopleClient.Options options) {
        return new GoogleContactPeer(new PeopleClient(google.peopleBaseUrl(), accounts.tokens(1L, user), JSON, options), JSON);
    }

    static Map<String, String> everySlot() {
        var v = new HashMap<String, String>();
        v.put(ContactSlots.GIVEN_NAME, "Anna");
        v.put(ContactSlots.INFIX, "van der");
        v.put(ContactSlots.FAMILY_NAME, "Berg");
        v.put(ContactSlots.INITIALS, "A.M.");
        v.put(ContactSlots.BIRTHDAY, "1980-02-29");
        v.put(ContactSlots.EMAIL_WORK, "anna@bouw.nl");
        v.put(ContactSlots.EMAIL_HOME, "anna@thuis.nl");
        v.put(ContactSlots.TEL_WORK, "+31201234567");
        v.put(ContactSlots.TEL_HOME, "+31207654321");
        v.put(ContactSlots.TEL_CELL, "+31612345678");
        v.put(ContactSlots.JOB_TITLE, "Inkoper");
        v.put(ContactSlots.ORGANISATION, "Bouw B.V.");
        v.put(ContactSlots.NOTE, "Belt liever\nna tienen");
        v.put("adr.work.street", "Kerkstraat 12");
        v.put("adr.work.postalCode", "1017 GC");
        v.put("adr.work.city", "Amsterdam");
        v.put("adr.work.region", "Noord-Holland");
        v.put("adr.work.country", "NL");
        v.put("adr.home.street", "Dorpsstraat 3");
        v.put("adr.home.city", "Utrecht");
        v.put("adr.other.city", "Gent");
        v.put("adr.other.country", "BE");
        v.put("custom.klantnummer", "K-4711");
        return v;
    }

    JsonNode stored(String resourceName) {
        return google.contact(user, resourceName).orElseThrow();
    }

    // ---- mapping --------------------------------------------------------------------------------

    @Test
    void everySlotIsWrittenToItsPersonFieldAndReadBackUnchanged() {
        var values = everySlot();
        values.put(ContactSlots.KIND, ContactSlots.KIND_CONTACT_PERSON);
        var created = peer().create(7, Snapshot.of(values));

        values.remove(ContactSlots.KIND);
        assertThat(created.existed()).isFalse();
        assertThat(created.item().values().values()).isEqualTo(Snapshot.of(values).values());
        assertThat(created.item().stampedCrmId()).isEqualTo(7L);
        JsonNode p = stored(created.item().peerId());
        assertThat(p.at("/names/0/givenName").asString()).isEqualTo("Anna");
        assertThat(p.at("/names/0/familyName").asString()).as("the whole surname, as phones sort on it").isEqualTo("van der Berg");
        assertThat(p.at("/birthdays/0/date/year").asInt()).isEqualTo(1980);
        assertThat(p.at("/birthdays/0/date/day").asInt()).isEqualTo(29);
        assertThat(p.at("/biographies/0/value").asString()).isEqualTo("Belt liever\nna tienen");
        assertThat(p.at("/organizations/0/name").asString()).isEqualTo("Bouw B.V.");
        assertThat(p.at("/organizations/0/title").asString()).isEqualTo("Inkoper");
        assertThat(typed(p, "emailAddresses", "work", "value")).isEqualTo("anna@bouw.nl");
        assertThat(typed(p, "emailAddresses", "home", "value")).isEqualTo("anna@thuis.nl");
        assertThat(typed(p, "phoneNumbers", "mobile", "value")).isEqualTo("+31612345678");
        assertThat(typed(p, "addresses", "work", "streetAddress")).isEqualTo("Kerkstraat 12");
        assertThat(typed(p, "addresses", "work", "countryCode")).isEqualTo("NL");
        assertThat(typed(p, "addresses", "other", "countryCode")).isEqualTo("BE");
        assertThat(p.at("/userDefined/0/key").asString()).isEqualTo("klantnummer");
        assertThat(p.at("/userDefined/0/value").asString()).isEqualTo("K-4711");
        assertThat(clientData(p)).containsEntry("koppelId", "7").containsEntry("koppelInfix", "van der")
                .containsEntry("koppelInitials", "A.M.");
    }

    @Test
    void aContactMadeInGoogleIsReadByTypeWithTheInfixSplitOffAndFirstOfEachKind() {
        String id = google.userCreates(user, """
                {"names": [{"givenName": "Piet", "familyName": "Van den Broek"}],
                 "emailAddresses": [{"value": "piet@prive.nl", "type": "home"}, {"value": "piet@werk.nl", "type": "work"},
                                    {"value": "piet2@werk.nl", "type": "work"}],
                 "phoneNumbers": [{"value": "06-1", "type": "mobile"}, {"value": "020-1", "type": "work"}],
                 "birthdays": [{"date": {"month": 5, "day": 1}}],
                 "addresses": [{"type": "home", "streetAddress": "Laan 1", "city": "Delft", "countryCode": "nl",
                                "formattedValue": "Laan 1, Delft"}],
                 "userDefined": [{"key": "hobby", "value": "zeilen"}]}""");

        PeerItem item = peer().fetch(List.of(id)).get(id);

        assertThat(item.values().values()).containsEntry(ContactSlots.GIVEN_NAME, "Piet")
                .containsEntry(ContactSlots.INFIX, "van den").containsEntry(ContactSlots.FAMILY_NAME, "Broek")
                .containsEntry(ContactSlots.EMAIL_WORK, "piet@werk.nl").containsEntry(ContactSlots.EMAIL_HOME, "piet@prive.nl")
                .containsEntry(ContactSlots.TEL_CELL, "06-1").containsEntry(ContactSlots.TEL_WORK, "020-1")
                .containsEntry("adr.home.street", "Laan 1").containsEntry("adr.home.country", "NL")
                .containsEntry("custom.hobby", "zeilen")
                .doesNotContainKey(ContactSlots.BIRTHDAY); // no year: not a birth date
        assertThat(item.stampedCrmId()).isNull();
        assertThat(item.modifiedAt()).isNotNull();
    }

    @Test
    void aSurnameThatLooksLikeAnInfixKeepsItWhenTheCrmHasNone() {
        var created = peer().create(8, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Jan", ContactSlots.FAMILY_NAME, "Ter Horst")));

        assertThat(created.item().values().values()).containsEntry(ContactSlots.FAMILY_NAME, "Ter Horst").doesNotContainKey(ContactSlots.INFIX);
    }

    @Test
    void anOrganisationCardIsAContactWithOnlyAnOrganization() {
        var created = peer().create(9, Snapshot.of(Map.of(ContactSlots.KIND, ContactSlots.KIND_ORGANISATION,
                ContactSlots.ORGANISATION, "Bakkerij Vos", ContactSlots.TEL_WORK, "+31301234567")));

        JsonNode p = stored(created.item().peerId());
        assertThat(p.has("names")).isFalse();
        assertThat(p.at("/organizations/0/name").asString()).isEqualTo("Bakkerij Vos");
        assertThat(created.item().values().values()).containsOnlyKeys(ContactSlots.ORGANISATION, ContactSlots.TEL_WORK);
    }

    @Test
    void anUpdateNamesOnlyTheChangedFieldsAndKeepsUnknownFieldsAndThePeersOtherValues() {
        String id = google.userCreates(user, """
                {"names": [{"givenName": "Kees", "familyName": "Vos", "middleName": "Jan"}],
                 "nicknames": [{"value": "Keesje"}],
                 "urls": [{"value": "https://vos.nl"}],
                 "emailAddresses": [{"value": "kees@werk.nl", "type": "work"}, {"value": "kees@oud.nl", "type": "other"},
                                    {"value": "kees2@werk.nl", "type": "work"}],
                 "userDefined": [{"key": "hobby", "value": "zeilen"}],
                 "clientData": [{"key": "otherApp", "value": "x"}]}""");
        var peer = peer();
        PeerItem current = peer.fetch(List.of(id)).get(id);
        var wanted = new HashMap<>(current.values().values());
        wanted.put(ContactSlots.EMAIL_WORK, "kees@nieuw.nl");
        wanted.put("custom.klant", "ja");
        wanted.remove("custom.hobby"); // not Koppel's: never removed

        PeerItem updated = peer.update(current, Snapshot.of(wanted), 11);

        JsonNode p = stored(id);
        assertThat(p.at("/names/0/middleName").asString()).isEqualTo("Jan");
        assertThat(p.at("/nicknames/0/value").asString()).isEqualTo("Keesje");
        assertThat(p.at("/urls/0/value").asString()).isEqualTo("https://vos.nl");
        assertThat(values(p, "emailAddresses")).containsExactly("kees@nieuw.nl", "kees@oud.nl", "kees2@werk.nl");
        assertThat(values(p, "userDefined")).containsExactly("zeilen", "ja");
        assertThat(clientData(p)).containsEntry("otherApp", "x").containsEntry("koppelId", "11");
        assertThat(updated.values().values()).containsEntry(ContactSlots.EMAIL_WORK, "kees@nieuw.nl");
        assertThat(updated.version()).isNotEqualTo(current.version());
        assertThat(google.log()).filteredOn(s -> s.kind().equals("updateContact")).hasSize(1);
    }

    @Test
    void aCustomFieldClearedInTheCrmIsRemovedAndNothingIsSentWhenNothingChanged() {
        var peer = peer();
        var values = new HashMap<>(Map.of(ContactSlots.GIVEN_NAME, "Els", "custom.klant", "ja"));
        PeerItem item = peer.create(12, Snapshot.of(values)).item();
        values.remove("custom.klant");

        PeerItem updated = peer.update(item, Snapshot.of(values), 12);
        long requests = peer.requests();
        PeerItem again = peer.update(updated, Snapshot.of(values), 12);

        assertThat(stored(item.peerId()).has("userDefined") && !stored(item.peerId()).get("userDefined").isEmpty()).isFalse();
        assertThat(again).isSameAs(updated);
        assertThat(peer.requests()).as("no write of equal values").isEqualTo(requests);
    }

    @Test
    void clearingSlotsRemovesTheirItemsOnly() {
        var peer = peer();
        PeerItem item = peer.create(13, Snapshot.of(everySlot())).item();
        var values = everySlot();
        values.remove(ContactSlots.NOTE);
        values.remove(ContactSlots.BIRTHDAY);
        values.remove(ContactSlots.TEL_HOME);
        values.keySet().removeIf(s -> s.startsWith("adr.home."));

        PeerItem updated = peer.update(item, Snapshot.of(values), 13);

        assertThat(updated.values().values()).isEqualTo(Snapshot.of(values).values());
        JsonNode p = stored(item.peerId());
        assertThat(typed(p, "addresses", "work", "city")).isEqualTo("Amsterdam");
        assertThat(typed(p, "addresses", "home", "city")).isNull();
    }

    // ---- listing, sync token --------------------------------------------------------------------

    @Test
    void aFullListingPagesThroughEveryContactAndASyncTokenThenGivesOnlyChangesAndDeletes() {
        for (int i = 0; i < 5; i++) google.userCreates(user, "{\"names\": [{\"givenName\": \"P" + i + "\"}]}");
        var peer = peer(PeopleClient.Options.defaults().withPageSize(2));

        PeerDelta full = peer.fullListing(NONE_KNOWN);

        assertThat(full.complete()).isTrue();
        assertThat(full.present()).hasSize(5);
        assertThat(full.changed()).hasSize(5);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("connections.list")).hasSize(3);
        var ids = List.copyOf(full.present());
        google.userEdits(user, ids.get(0), "{\"names\": [{\"givenName\": \"Nieuw\"}]}");
        google.userDeletes(user, ids.get(1));
        String added = google.userCreates(user, "{\"names\": [{\"givenName\": \"Erbij\"}]}");
        Map<String, String> known = new HashMap<>();
        full.changed().forEach(i -> known.put(i.peerId(), i.version()));

        PeerDelta delta = peer.changes(full.nextCursor(), known::get);

        assertThat(delta.complete()).isFalse();
        assertThat(delta.changed()).extracting(PeerItem::peerId).containsExactlyInAnyOrder(ids.get(0), added);
        assertThat(delta.removed()).containsExactly(ids.get(1));
        assertThat(peer.changes(delta.nextCursor(), known::get).changed()).as("nothing since").isEmpty();
    }

    @Test
    void contactsAtTheirKnownVersionAreNotHandedOver() {
        String id = google.userCreates(user, "{\"names\": [{\"givenName\": \"Bekend\"}]}");
        var peer = peer();
        PeerItem item = peer.fetch(List.of(id)).get(id);

        PeerDelta full = peer.fullListing(Map.of(id, item.version())::get);

        assertThat(full.present()).containsExactly(id);
        assertThat(full.changed()).isEmpty();
    }

    @Test
    void anExpiredSyncTokenIs410AndCursorExpiredAfterWhichAFullListingComesWithAFreshCursor() {
        google.userCreates(user, "{\"names\": [{\"givenName\": \"Oud\"}]}");
        var peer = peer();
        String cursor = peer.fullListing(NONE_KNOWN).nextCursor();
        google.advance(Duration.ofDays(7).plusMinutes(1));

        assertThatThrownBy(() -> peer.changes(cursor, NONE_KNOWN)).isInstanceOf(PeerException.CursorExpired.class);
        assertThat(google.log().getLast().status()).isEqualTo(410);
        PeerDelta again = peer.fullListing(NONE_KNOWN);
        assertThat(again.present()).hasSize(1);
        assertThat(peer.changes(again.nextCursor(), NONE_KNOWN).changed()).isEmpty();
    }

    @Test
    void aCursorOfAnotherFieldSetOrUnreadableIsExpired() {
        var peer = peer();
        assertThatThrownBy(() -> peer.changes("{\"version\":1,\"syncToken\":\"x\",\"personFields\":\"names\"}", NONE_KNOWN))
                .isInstanceOf(PeerException.CursorExpired.class);
        assertThatThrownBy(() -> peer.changes("not json", NONE_KNOWN)).isInstanceOf(PeerException.CursorExpired.class);
    }

    // ---- races, stamps --------------------------------------------------------------------------

    @Test
    void aContactEditedInGoogleSinceItWasReadIsAVersionMismatchNotOverwritten() {
        var peer = peer();
        PeerItem item = peer.create(20, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Rik"))).item();
        google.userEdits(user, item.peerId(), "{\"names\": [{\"givenName\": \"Rikkert\"}]}");

        assertThatThrownBy(() -> peer.update(item, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Richard")), 20))
                .isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(stored(item.peerId()).at("/names/0/givenName").asString()).isEqualTo("Rikkert");
    }

    @Test
    void aDeleteOfAContactChangedSinceIsRefusedAndOfOneGoneIsFine() {
        var peer = peer();
        PeerItem item = peer.create(21, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Tom"))).item();
        google.userEdits(user, item.peerId(), "{\"names\": [{\"givenName\": \"Thomas\"}]}");

        assertThatThrownBy(() -> peer.delete(item.peerId(), item.version())).isInstanceOf(PeerException.VersionMismatch.class);
        peer.delete(item.peerId(), null);
        assertThat(google.contact(user, item.peerId())).isEmpty();
        peer.delete(item.peerId(), item.version());
    }

    @Test
    void aCreateWhoseLinkWasLostFindsTheStampedContactInsteadOfMakingASecond() {
        PeerItem first = peer().create(30, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Lot"))).item();

        var again = peer().create(30, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Lot")));

        assertThat(again.existed()).isTrue();
        assertThat(again.item().peerId()).isEqualTo(first.peerId());
        assertThat(google.contactCount(user)).isEqualTo(1);
    }

    @Test
    void afterAFullListingCreatesLookForNoStamps() {
        var peer = peer();
        peer.fullListing(NONE_KNOWN);
        long before = google.log().size();

        peer.create(31, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Mia")));

        assertThat(google.log().subList((int) before, google.log().size())).extracting(FakeGoogle.Served::kind)
                .containsExactly("createContact");
    }

    @Test
    void newContactsGoTwoHundredARequestEachStampedAndReadBack() {
        var values = new java.util.LinkedHashMap<Long, Snapshot>();
        for (long id = 1000; id < 1250; id++) values.put(id, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "N" + id)));
        var peer = peer();
        peer.fullListing(NONE_KNOWN);

        var written = peer.createAll(values);

        assertThat(written).hasSize(250);
        assertThat(written.get(1249L).orThrow().item().stampedCrmId()).isEqualTo(1249L);
        assertThat(written.get(1249L).orThrow().item().values().get(ContactSlots.GIVEN_NAME)).isEqualTo("N1249");
        assertThat(google.contactCount(user)).isEqualTo(250);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("batchCreateContacts")).hasSize(2);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("createContact")).isEmpty();
    }

    @Test
    void aBatchGoogleRefusesIsSentAgainOneByOneSoOnlyRefusedContactsFail() {
        var peer = peer();
        peer.fullListing(NONE_KNOWN);
        google.failNext(user, 1, 400, null);

        var written = peer.createAll(Map.of(1L, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "A")),
                2L, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "B"))));

        assertThat(written.values()).allSatisfy(w -> assertThat(w.failure()).isNull());
        assertThat(google.contactCount(user)).isEqualTo(2);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("createContact")).hasSize(2);
    }

    @Test
    void updatesGoTwoHundredARequestWithFieldsTheyDoNotChangeKeptAndAStaleOneFailsAlone() {
        var peer = peer();
        peer.fullListing(NONE_KNOWN);
        var made = peer.createAll(Map.of(1L, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "A", ContactSlots.TEL_CELL, "06-1")),
                2L, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "B", ContactSlots.NOTE, "blijft")),
                3L, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "C"))));
        PeerItem a = made.get(1L).orThrow().item(), b = made.get(2L).orThrow().item(), c = made.get(3L).orThrow().item();

        var written = peer.updateAll(List.of(
                new ItemPeerUpdate(a, Map.of(ContactSlots.GIVEN_NAME, "A", ContactSlots.TEL_CELL, "06-2"), 1).u(),
                new ItemPeerUpdate(b, Map.of(ContactSlots.GIVEN_NAME, "Bea", ContactSlots.NOTE, "blijft"), 2).u()));

        assertThat(written.get(1L).orThrow().values().get(ContactSlots.TEL_CELL)).isEqualTo("06-2");
        assertThat(stored(b.peerId()).at("/biographies/0/value").asString()).as("a field another contact changed").isEqualTo("blijft");
        assertThat(stored(a.peerId()).at("/names/0/givenName").asString()).isEqualTo("A");
        assertThat(google.log()).filteredOn(s -> s.kind().equals("batchUpdateContacts")).hasSize(1);

        google.userEdits(user, c.peerId(), "{\"names\": [{\"givenName\": \"Cees\"}]}");
        var again = peer.updateAll(List.of(
                new ItemPeerUpdate(written.get(1L).orThrow(), Map.of(ContactSlots.GIVEN_NAME, "Anna"), 1).u(),
                new ItemPeerUpdate(c, Map.of(ContactSlots.GIVEN_NAME, "Carla"), 3).u()));
        assertThat(again.get(1L).failure()).isNull();
        assertThat(again.get(3L).failure()).isInstanceOf(PeerException.VersionMismatch.class);
        assertThat(stored(c.peerId()).at("/names/0/givenName").asString()).isEqualTo("Cees");
    }

    record ItemPeerUpdate(PeerItem current, Map<String, String> values, long crmId) {
        org.koppel.connector.ItemPeer.Update u() {
            return new org.koppel.connector.ItemPeer.Update(current, Snapshot.of(values), crmId);
        }
    }

    // ---- faults ---------------------------------------------------------------------------------

    @Test
    void throttlingIsWaitedOutPerRetryAfterAndBeyondTheBoundIsTransientWithIt() {
        google.userCreates(user, "{\"names\": [{\"givenName\": \"Q\"}]}");
        google.failNext(user, 2, 429, Duration.ofSeconds(1));

        assertThat(peer().fullListing(NONE_KNOWN).present()).hasSize(1);
        assertThat(google.refusals(user)).isEqualTo(2);

        google.failNext(user, 10, 429, Duration.ofSeconds(60));
        assertThatThrownBy(() -> peer().fullListing(NONE_KNOWN)).isInstanceOfSatisfying(PeerException.Transient.class,
                t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void aServerErrorWithoutRetryAfterIsRetriedWithBackoffButACreateIsNotSentTwice() {
        var peer = peer();
        google.failNext(user, 1, 503, null);
        assertThat(peer.fullListing(NONE_KNOWN).complete()).isTrue();

        google.failNext(user, 1, 500, null);
        assertThatThrownBy(() -> peer.create(40, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Once"))))
                .isInstanceOf(PeerException.Transient.class);
        assertThat(google.log()).filteredOn(s -> s.kind().equals("createContact")).hasSize(1);
    }

    @Test
    void aDeadAccessTokenIsRenewedOnceAndARevokedSignInIsAuthExpired() {
        var peer = peer();
        peer.fullListing(NONE_KNOWN);
        google.oauth().expireAccessTokens();

        peer.create(50, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Vera")));
        assertThat(accounts.renewals()).isEqualTo(1);

        accounts.revoke(user);
        assertThatThrownBy(() -> peer.fullListing(NONE_KNOWN)).isInstanceOf(PeerException.AuthExpired.class);
    }

    @Test
    void aSignInWithoutTheContactsScopeIsAPermissionToRenewWithAPlainReason() {
        accounts.scopes(Set.of(FakeGoogleAccounts.contactsReadonlyScope()));

        assertThatThrownBy(() -> peer().create(60, Snapshot.of(Map.of(ContactSlots.GIVEN_NAME, "Wim"))))
                .isInstanceOf(PeerException.PermissionMissing.class).hasMessageContaining("sign in to Google again");
    }

    @Test
    void tokensGoOverPlainHttpOnlyToLoopback() {
        assertThatThrownBy(() -> new PeopleClient(URI.create("http://people.example.com"), accounts.tokens(1L, user), JSON,
                PeopleClient.Options.defaults())).isInstanceOf(PeerException.Configuration.class);
        new PeopleClient(URI.create("https://people.googleapis.com"), accounts.tokens(1L, user), JSON, PeopleClient.Options.defaults()).close();
    }

    // ---- helpers --------------------------------------------------------------------------------

    static String typed(JsonNode p, String field, String type, String part) {
        for (JsonNode i : p.path(field)) if (type.equals(i.path("type").asString(""))) return i.path(part).asString(null);
        return null;
    }

    static List<String> values(JsonNode p, String field) {
        var out = new java.util.ArrayList<String>();
        p.path(field).forEach(i -> out.add(i.path("value").asString()));
        return out;
    }

    static Map<String, String> clientData(JsonNode p) {
        var out = new HashMap<String, String>();
        p.path("clientData").forEach(e -> out.put(e.path("key").asString(), e.path("value").asString()));
        return out;
    }
}
