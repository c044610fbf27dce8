package org.koppel.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.store.ConnectionStore;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.RunReport;
import org.koppel.testkit.MemoryContactPeer;
import org.koppel.testkit.MemoryPeers;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A card holds all of a relation's contact details, both ways: addresses by type, the note,
 * organisations and leads as cards of their kind, and iCloud's address rule; against the in-memory
 * peer, on H2 and on PostgreSQL.
 */
abstract class ContactCardsContract {

    @Autowired SyncRunner runner;
    @Autowired ConnectionStore connections;
    @Autowired MemoryPeers peers;
    @Autowired Relations relations;
    @Autowired Samples samples;
    @Autowired org.koppel.store.LinkStore links;

    long user;

    @BeforeEach
    void setUp() {
        user = samples.employee("cards-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void anAddressAndNoteEditedOnThePhoneComeIntoTheCrmSplitIntoStreetAndNumberWithoutAnEcho() {
        Person p = create(person("Daan", "Bos", List.of(), "Fietst graag"));
        long connection = connect(Map.of());
        MemoryContactPeer peer = peers.of(connection);
        sync(connection);
        String card = "koppel-" + p.id();
        assertThat(peer.contents().get(card).values()).containsEntry(ContactSlots.NOTE, "Fietst graag");

        peer.userEdits(card, "adr.home.street", "Keizersgracht 123a");
        peer.userEdits(card, "adr.home.city", "Amsterdam");
        peer.userEdits(card, "adr.home.country", "NL");
        peer.userEdits(card, ContactSlots.NOTE, "Fietst graag.\nBel na tienen.");
        sync(connection);

        Person now = current(p);
        assertThat(now.addresses()).containsExactly(new Address(AddressType.PRIVATE, "Keizersgracht", "123a", null, "Amsterdam", null, "NL"));
        assertThat(now.comment()).isEqualTo("Fietst graag.\nBel na tienen.");
        assertThat(sync(connection).items()).as("no echo of the split address").isEmpty();
    }

    @Test
    void organisationsAndLeadsInScopeAreCardsOfTheirKindWhenTheSettingSaysScopeAndAContactPersonShowsTheOrganisationsAddress() {
        Organisation org = (Organisation) relations.create(new Organisation(null, null, "Acme " + user, "020 555 0100",
                "info@acme.example", "https://acme.example", null, user, List.of(), false, List.of(),
                List.of(new Address(AddressType.VISITING, "Damrak", "1", "1012 LG", "Amsterdam", null, "NL")), "Grote klant",
                Map.of(), null, null, null), Origin.system());
        Person contact = create(person("Jan", "Berg", List.of(new ContactRole(org.id(), "jan@acme.example", null, null, "Inkoper")), null));
        Lead lead = (Lead) relations.create(new Lead(null, null, "Prospect B.V.", "Sanne", "de", "Vries", "sanne@prospect.example",
                null, "06 12345678", null, null, LeadStatus.NEW, user, List.of(), false, List.of(), List.of(), null, Map.of(),
                null, null, null), Origin.system());
        Lead othersLead = (Lead) relations.create(new Lead(null, null, "Niet van mij", null, null, null, null, null, null,
                null, null, LeadStatus.NEW, samples.employee("other-" + user), List.of(), false, List.of(), List.of(), null,
                Map.of(), null, null, null), Origin.system());
        long connection = connect(Map.of(SyncSettings.ORGANISATIONS_AND_LEADS, "SCOPE"));
        MemoryContactPeer peer = peers.of(connection);

        sync(connection);

        var cards = peer.contents();
        assertThat(cards).containsKeys("koppel-" + org.id(), "koppel-" + contact.id(), "koppel-" + lead.id())
                .doesNotContainKey("koppel-" + othersLead.id());
        assertThat(cards.get("koppel-" + org.id()).values()).containsEntry(ContactSlots.KIND, ContactSlots.KIND_ORGANISATION)
                .containsEntry("org", "Acme " + user).containsEntry("url", "https://acme.example")
                .containsEntry("tel.work", "020 555 0100").containsEntry("adr.work.street", "Damrak 1")
                .containsEntry("note", "Grote klant").doesNotContainKey("familyName");
        assertThat(cards.get("koppel-" + lead.id()).values()).containsEntry(ContactSlots.KIND, ContactSlots.KIND_LEAD)
                .containsEntry("givenName", "Sanne").containsEntry("infix", "de").containsEntry("familyName", "Vries")
                .containsEntry("org", "Prospect B.V.").containsEntry("tel.cell", "06 12345678");
        assertThat(cards.get("koppel-" + contact.id()).values()).containsEntry("adr.work.street", "Damrak 1")
                .containsEntry("adr.work.city", "Amsterdam");

        // The organisation moves: its card and its contact person's card follow; the phone edits the organisation's phone.
        relations.update(RelationKind.ORGANISATION, org.id(), null, withVisiting(current(org), "Rokin", "80"), Origin.user(user));
        peer.userEdits("koppel-" + org.id(), "tel.work", "020 555 0199");
        peer.userEdits("koppel-" + lead.id(), "title", "Hoofd inkoop");
        sync(connection);

        assertThat(peer.contents().get("koppel-" + contact.id()).get("adr.work.street")).isEqualTo("Rokin 80");
        assertThat(peer.contents().get("koppel-" + org.id()).get("adr.work.street")).isEqualTo("Rokin 80");
        assertThat(((Organisation) current(org)).phone()).isEqualTo("020 555 0199");
        assertThat(((Lead) current(lead)).jobTitle()).isEqualTo("Hoofd inkoop");
        assertThat(sync(connection).items()).isEmpty();
    }

    /** The cloud-contacts document: iCloud's addresses do not come into the CRM; the CRM's do go to iCloud. */
    @Test
    void anAddressEditedInICloudStaysThereWhileTheCrmsAddressStillGoesToICloud() {
        Person p = create(person("Iris", "Appel", List.of(), null, new Address(AddressType.PRIVATE, "Markt", "1", null, "Delft", null, "NL")));
        long connection = connect(Map.of("provider", "icloud"));
        MemoryContactPeer peer = peers.of(connection);
        sync(connection);
        String card = "koppel-" + p.id();

        peer.userEdits(card, "adr.home.city", "Leiden");
        peer.userEdits(card, "givenName", "Iris-Anne");
        sync(connection);

        assertThat(current(p).addresses().getFirst().city()).as("not taken in").isEqualTo("Delft");
        assertThat(current(p).firstName()).as("the rest of the card is").isEqualTo("Iris-Anne");
        assertThat(peer.contents().get(card).get("adr.home.city")).as("not put back either").isEqualTo("Leiden");
        assertThat(sync(connection).items()).isEmpty();

        relations.update(RelationKind.PERSON, p.id(), null, withPrivateCity(current(p), "Gouda"), Origin.user(user));
        sync(connection);
        assertThat(peer.contents().get(card).get("adr.home.city")).isEqualTo("Gouda");
    }

    @Autowired ContactFieldMap fieldMap;
    @Autowired ConnectionStore connectionStore;

    /** The document speaks of the import queue: a contact imported from iCloud comes without its address. */
    @Test
    void aCardImportedFromICloudComesWithoutItsAddressAndOneFromElsewhereWithIt() {
        var card = org.koppel.sync.Snapshot.of(Map.of("givenName", "Lot", "familyName", "Hof", "adr.home.city", "Delft",
                "note", "Van de beurs"));
        var blank = person(null, "-", List.of(), null);

        Person fromICloud = org.koppel.sync.ContactProjection.fromCard(blank, card,
                fieldMap.forImports(connectionStore.find(connect(Map.of("provider", "icloud"))).orElseThrow()), fieldMap.related());
        Person fromElsewhere = org.koppel.sync.ContactProjection.fromCard(blank, card,
                fieldMap.forImports(connectionStore.find(connect(Map.of())).orElseThrow()), fieldMap.related());

        assertThat(fromICloud.addresses()).isEmpty();
        assertThat(fromICloud.comment()).isEqualTo("Van de beurs");
        assertThat(fromElsewhere.addresses()).singleElement().satisfies(a -> assertThat(a.city()).isEqualTo("Delft"));
    }

    @Test
    void anAdminWhoAllowsICloudsAddressesGetsThemInTheCrm() {
        Person p = create(person("Ivo", "Peer", List.of(), null));
        long connection = connect(Map.of("provider", "icloud", SyncSettings.ADDRESSES_FROM_ICLOUD, "true"));
        MemoryContactPeer peer = peers.of(connection);
        sync(connection);

        peer.userEdits("koppel-" + p.id(), "adr.home.city", "Leiden");
        sync(connection);

        assertThat(current(p).addresses()).singleElement().satisfies(a -> assertThat(a.city()).isEqualTo("Leiden"));
    }

    @Test
    void byDefaultOrganisationsAndLeadsAreCardsOnlyWhenTheEmployeeFlaggedThem() {
        Organisation managed = (Organisation) relations.create(new Organisation(null, null, "Beheerd " + user, null, null,
                null, null, user, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());
        Organisation flagged = (Organisation) relations.create(new Organisation(null, null, "Gevlagd " + user, null, null,
                null, null, user, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null), Origin.system());
        Lead flaggedLead = (Lead) relations.create(new Lead(null, null, "Kans B.V.", null, null, null, null, null, null,
                null, null, LeadStatus.NEW, user, List.of(), false, List.of(), List.of(), null, Map.of(), null, null, null),
                Origin.system());
        relations.setSyncFlag(RelationKind.ORGANISATION, flagged.id(), user, true, Origin.system());
        relations.setSyncFlag(RelationKind.LEAD, flaggedLead.id(), user, true, Origin.system());
        long connection = connect(Map.of());

        sync(connection);

        assertThat(peers.of(connection).contents()).containsKeys("koppel-" + flagged.id(), "koppel-" + flaggedLead.id())
                .doesNotContainKey("koppel-" + managed.id());

        relations.setSyncFlag(RelationKind.ORGANISATION, flagged.id(), user, false, Origin.system());
        sync(connection);
        assertThat(peers.of(connection).contents()).as("the flag taken off: the card leaves the scope (kept in the peer "
                + "unless removeFromPeerWhenOutOfScope)").containsKey("koppel-" + flaggedLead.id());
        assertThat(links.crmIdOf(connection, org.koppel.sync.DataType.CONTACTS, "koppel-" + flagged.id())).isEmpty();
    }

    @Autowired FieldMapEditor editor;
    @Autowired org.koppel.crm.customfield.CustomFields customFields;

    /**
     * webCRM: a pick list a peer-created record has no value for gets the top value; the field map
     * row of a pick list may say "no value" or name another option instead, and a pick list without
     * a row still gets its first option.
     */
    @Test
    void aContactCreatedInThePeerGetsEachPickListsDefaultAsItsFieldMapRowSays() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var chosen = pickList("size" + suffix, "Klein", "Groot");
        var none = pickList("source" + suffix, "Beurs", "Web");
        var unmapped = pickList("region" + suffix, "Noord", "Zuid");
        var chosenRow = editor.add(org.koppel.sync.DataType.CONTACTS, new FieldMapEditor.Input("ANY", "custom." + chosen.key(),
                "custom." + chosen.key(), null, "CHOSEN", "Groot"));
        var noneRow = editor.add(org.koppel.sync.DataType.CONTACTS, new FieldMapEditor.Input("ANY", "custom." + none.key(),
                "custom." + none.key(), null, "NONE", null));
        try {
            long connection = connect(Map.of("contacts.creation", "CREATE"));
            MemoryContactPeer peer = peers.of(connection);
            String card = peer.userCreates(org.koppel.sync.Snapshot.of(Map.of("givenName", "Pim", "familyName", "Kiezer" + suffix,
                    "email.home", "pim@kiezer.example")), java.util.Set.of());

            sync(connection);

            Person made = (Person) relations.find(RelationKind.PERSON, peer.stampOf(card));
            assertThat(made.customFields()).containsEntry(chosen.key(), "Groot").doesNotContainKey(none.key())
                    .containsEntry(unmapped.key(), "Noord");
        } finally {
            editor.remove(org.koppel.sync.DataType.CONTACTS, chosenRow.id());
            editor.remove(org.koppel.sync.DataType.CONTACTS, noneRow.id());
            for (var f : List.of(chosen, none, unmapped)) customFields.delete(f.id(), true, Origin.system());
        }
    }

    private org.koppel.crm.customfield.CustomField pickList(String key, String... options) {
        return customFields.create(new org.koppel.crm.customfield.CustomField(null, null, RelationKind.PERSON, key, key,
                org.koppel.crm.customfield.CustomFieldType.PICK_LIST, List.of(options), null, null, null), Origin.system());
    }

    private long connect(Map<String, String> settings) {
        return connections.insert("memory", "phone", user, settings, null, Instant.now());
    }

    private RunReport sync(long connection) {
        RunReport report = runner.run(connection, "test");
        assertThat(report.status()).isEqualTo(RunReport.Status.SUCCEEDED);
        return report;
    }

    private Person create(Person p) {
        return (Person) relations.create(p, Origin.system());
    }

    private Person person(String first, String last, List<ContactRole> roles, String comment, Address... addresses) {
        return new Person(null, null, null, first, null, null, last, null, null, null, null, null, null, roles, null, user,
                List.of(), false, List.of(), List.of(addresses), comment, Map.of(), null, null, null);
    }

    private Person current(Person p) {
        return (Person) relations.find(RelationKind.PERSON, p.id());
    }

    private Relation current(Relation r) {
        return relations.find(r.kind(), r.id());
    }

    private static Organisation withVisiting(Relation r, String street, String number) {
        Organisation o = (Organisation) r;
        return new Organisation(o.id(), o.version(), o.name(), o.phone(), o.email(), o.website(), o.cocNumber(), o.managerId(),
                o.ownerIds(), o.former(), o.relationTypes(), List.of(new Address(AddressType.VISITING, street, number, "1012 KP",
                "Amsterdam", null, "NL")), o.comment(), o.customFields(), null, null, null);
    }

    private static Person withPrivateCity(Person p, String city) {
        Address a = p.addresses().getFirst();
        return new Person(p.id(), p.version(), p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                p.birthDate(), p.gender(), p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(),
                p.contactRoles(), p.employeeId(), p.managerId(), p.ownerIds(), p.former(), p.relationTypes(),
                List.of(new Address(a.type(), a.street(), a.houseNumber(), a.postalCode(), city, a.region(), a.country())),
                p.comment(), p.customFields(), null, null, null);
    }
}
