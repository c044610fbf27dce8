package org.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;
import org.koppel.sync.Merge.Side;
import org.koppel.sync.SyncPolicy.ConflictRule;
import org.koppel.sync.SyncPolicy.Direction;

class MergeTest {

    private static final List<Row> ROWS = List.of(
            new Row(PersonRole.ANY, "firstName", "givenName", RowDirection.BOTH, true),
            new Row(PersonRole.ANY, "lastName", "familyName", RowDirection.BOTH, true),
            new Row(PersonRole.CONTACT_PERSON, "contactRole.email", "email.work", RowDirection.BOTH, false),
            new Row(PersonRole.CONTACT_PERSON, "contactRole.organisationName", "org", RowDirection.CRM_TO_PEER, true));
    private static final Merge.Times NO_TIMES = new Merge.Times(null, null);

    @Test
    void editsOfDifferentFieldsOnBothSidesAreBothKept() {
        var base = snap("Jan", "Berg", "jan@acme.nl", "Acme");
        var crm = snap("Johannes", "Berg", "jan@acme.nl", "Acme");
        var peer = snap("Jan", "Berg", "j.berg@acme.nl", "Acme");

        var result = Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);

        assertThat(result.merged()).isEqualTo(snap("Johannes", "Berg", "j.berg@acme.nl", "Acme"));
        assertThat(result.crmSlots()).containsExactly("email.work");
        assertThat(result.peerSlots()).containsExactly("givenName");
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void aSameFieldConflictIsSettledByTheRuleAndKeepsTheLosingValue() {
        var base = snap("Jan", "Berg", null, null);
        var crm = snap("Jan", "Bergh", null, null);
        var peer = snap("Jan", "Burg", null, null);

        var crmWins = Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);
        assertThat(crmWins.merged().get("familyName")).isEqualTo("Bergh");
        assertThat(crmWins.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.winner()).isEqualTo(Side.CRM);
            assertThat(c.losingValue()).isEqualTo("Burg");
        });

        var peerWins = Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.PEER_WINS, NO_TIMES);
        assertThat(peerWins.merged().get("familyName")).isEqualTo("Burg");
        assertThat(peerWins.crmSlots()).containsExactly("familyName");

        var newer = new Merge.Times(Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T11:00:00Z"));
        assertThat(Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.NEWEST_WINS, newer).merged()
                .get("familyName")).isEqualTo("Burg");
    }

    @Test
    void aCrmOnlyFieldChangedInThePeerIsPutBack() {
        var base = snap("Jan", "Berg", null, "Acme");
        var peer = snap("Jan", "Berg", null, "Other Corp");

        var result = Merge.merge(base, base, peer, ROWS, Direction.BOTH, ConflictRule.PEER_WINS, NO_TIMES);

        assertThat(result.merged().get("org")).isEqualTo("Acme");
        assertThat(result.peerSlots()).containsExactly("org");
        assertThat(result.crmSlots()).isEmpty();
    }

    @Test
    void withoutABaseEveryDifferenceIsAConflict() {
        var result = Merge.merge((Base) null, snap("Jan", "Berg", null, null), snap("Jan", "Berg", "x@y.nl", null), ROWS,
                Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);

        assertThat(result.conflicts()).extracting(Merge.FieldConflict::slot).containsExactly("email.work");
        assertThat(result.merged().get("email.work")).isNull();
    }

    @Test
    void aOneWayConnectionNeverWritesTheOtherSide() {
        var base = snap("Jan", "Berg", null, null);
        var result = Merge.merge(base, base, snap("Piet", "Berg", null, null), ROWS, Direction.CRM_TO_PEER,
                ConflictRule.PEER_WINS, NO_TIMES);
        assertThat(result.crmSlots()).isEmpty();
        assertThat(result.peerSlots()).containsExactly("givenName");
    }

    /** Rule 3: when the peer comes back with the base, there is nothing to do, whatever else happened. */
    @Property
    void nothingChangedMeansNothingToWrite(@ForAll @StringLength(max = 8) String given, @ForAll @StringLength(max = 8) String family) {
        var same = snap(given, family, null, null);
        var result = Merge.merge(same, same, same, ROWS, Direction.BOTH, ConflictRule.PEER_WINS, NO_TIMES);
        assertThat(result.writesCrm()).isFalse();
        assertThat(result.writesPeer()).isFalse();
    }

    @Test
    void aDifferenceInAnUnsureSlotIsAConflictEvenWhenOneSideHoldsTheOldAgreedValue() {
        var base = new Base(snap("Jan", "Berg", null, null), java.util.Set.of("givenName"));
        var crm = snap("Johannes", "Berg", null, null);
        var peer = snap("Jan", "Berg", null, null); // the old value: maybe never changed, maybe put back by a person

        var result = Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);

        assertThat(result.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.slot()).isEqualTo("givenName");
            assertThat(c.losingValue()).isEqualTo("Jan");
        });
        assertThat(result.merged().get("givenName")).isEqualTo("Johannes");
    }

    @Test
    void whileTheWritesAreUnderWayOnlyWhatBothSidesAlreadyHoldIsAgreed() {
        var base = new Base(snap("Jan", "Berg", "jan@acme.nl", null), java.util.Set.of("email.work"));
        var crm = snap("Johannes", "Bergh", "j@acme.nl", null);
        var peer = snap("Jan", "Bergh", "jan@acme.nl", null);

        var result = Merge.merge(base, crm, peer, ROWS, Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);

        assertThat(result.untilWritten().agreed())
                .as("given name keeps its base, family name is held alike, the e-mail stays unsure")
                .isEqualTo(snap("Jan", "Bergh", "jan@acme.nl", null));
        assertThat(result.untilWritten().unsure()).containsExactly("email.work");
    }

    @Test
    void aSentWriteThatLandedBecomesTheBase() {
        var before = Base.of(snap("Jan", "Berg", null, null));
        var sent = new Sent("v1", java.util.Set.of("givenName"), snap("Johannes", "Berg", null, null));

        var base = sent.after(before, "v2", snap("Johannes", "Berg", null, null));

        assertThat(base.agreed()).isEqualTo(snap("Johannes", "Berg", null, null));
        assertThat(base.unsure()).isEmpty();
    }

    @Test
    void aSentWriteFollowedByAnotherChangeLeavesItsSlotUnsure() {
        var before = Base.of(snap("Jan", "Berg", null, null));
        var sent = new Sent("v1", java.util.Set.of("givenName", "familyName"), snap("Johannes", "Bergh", null, null));

        var base = sent.after(before, "v3", snap("Jan", "Bergh", null, null)); // a person put the first name back

        assertThat(base.unsure()).containsExactly("givenName");
        assertThat(base.agreed().get("familyName")).isEqualTo("Bergh");
    }

    @Test
    void aSentWriteThatDidNotLandLeavesTheBaseAsItWas() {
        var before = new Base(snap("Jan", "Berg", null, null), java.util.Set.of("familyName"));
        var sent = new Sent("v1", java.util.Set.of("givenName"), snap("Johannes", "Berg", null, null));

        assertThat(sent.after(before, "v1", snap("Jan", "Berg", null, null))).isEqualTo(before);
    }

    @Test
    void aSentRemovalThatLandedRemovesTheValueFromTheBase() {
        var before = Base.of(snap("Jan", "Berg", "jan@acme.nl", null));
        var sent = new Sent("v1", java.util.Set.of("email.work"), snap("Jan", "Berg", null, null));

        var base = sent.after(before, "v2", snap("Jan", "Berg", null, null));

        assertThat(base.agreed().get("email.work")).isNull();
        assertThat(base.unsure()).isEmpty();
    }

    /** After the writes both sides hold the merged values: merging again changes nothing. */
    @Property
    void mergingIsStable(@ForAll("values") String b, @ForAll("values") String c, @ForAll("values") String p) {
        var result = Merge.merge(snap(b, "X", null, null), snap(c, "X", null, null), snap(p, "X", null, null), ROWS,
                Direction.BOTH, ConflictRule.CRM_WINS, NO_TIMES);
        var again = Merge.merge(result.merged(), result.merged(), result.merged(), ROWS, Direction.BOTH,
                ConflictRule.CRM_WINS, NO_TIMES);
        assertThat(again.writesCrm() || again.writesPeer() || !again.conflicts().isEmpty()).isFalse();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> values() {
        return net.jqwik.api.Arbitraries.of("a", "b", "c", "");
    }

    private static Snapshot snap(String given, String family, String email, String org) {
        var map = new java.util.HashMap<String, String>();
        map.put("givenName", given);
        map.put("familyName", family);
        map.put("email.work", email);
        map.put("org", org);
        map.values().removeIf(java.util.Objects::isNull);
        return Snapshot.of(Map.copyOf(map));
    }

    /** iCloud's addresses without the admin's leave: the phone's edit stays on the phone, the CRM's change still goes. */
    @Test
    void aRowTakingOnlyTheCrmsChangesLeavesAPeerEditAloneAndStillSendsACrmChange() {
        var rows = List.of(new Row(PersonRole.ANY, "address.private.city", "adr.home.city", RowDirection.CRM_CHANGES_TO_PEER, false));
        var base = Snapshot.of(Map.of("adr.home.city", "Delft"));

        var peerEdit = Merge.merge(base, base, Snapshot.of(Map.of("adr.home.city", "Leiden")), rows, Direction.BOTH,
                ConflictRule.CRM_WINS, NO_TIMES);
        assertThat(peerEdit.crmSlots()).isEmpty();
        assertThat(peerEdit.peerSlots()).as("not put back either").isEmpty();
        assertThat(peerEdit.merged().get("adr.home.city")).as("the base stays the CRM's").isEqualTo("Delft");

        var crmChange = Merge.merge(base, Snapshot.of(Map.of("adr.home.city", "Gouda")), Snapshot.of(Map.of("adr.home.city", "Leiden")),
                rows, Direction.BOTH, ConflictRule.PEER_WINS, NO_TIMES);
        assertThat(crmChange.peerSlots()).containsExactly("adr.home.city");
        assertThat(crmChange.crmSlots()).isEmpty();
        assertThat(crmChange.merged().get("adr.home.city")).isEqualTo("Gouda");
    }
}
