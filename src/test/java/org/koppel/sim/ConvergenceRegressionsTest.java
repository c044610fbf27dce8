package org.koppel.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationKind;
import org.koppel.sync.RunReport;
import org.koppel.testkit.OnH2;
import org.koppel.testkit.Radicale;
import org.koppel.testkit.sim.SimPeers;
import org.springframework.beans.factory.annotation.Autowired;

/** What the convergence simulation found, each pinned down by a test named after what it guards. */
@OnH2
class ConvergenceRegressionsTest {

    @Autowired Koppel koppel;

    /** Seeds 669274716322 and 971221019136 (Graph): the second Outlook contact came with the return to scope. */
    @Test
    void aRecordThatLeavesScopeAndComesBackIsNotDuplicatedInOutlook() {
        try (var outlook = new GraphSide(1, 0, koppel.json)) {
            leaveAndComeBack(outlook);
        }
    }

    @Test
    void aRecordThatLeavesScopeAndComesBackIsNotDuplicatedInACardDavAddressBook() {
        try (var book = new RadicaleSide(Radicale.shared(), 2, 0, koppel.json)) {
            leaveAndComeBack(book);
        }
    }

    private void leaveAndComeBack(PeerSide side) {
        long user = koppel.samples.employee("bounce");
        long connection = koppel.connections.insert(SimPeers.TYPE, "bounce", user, Map.of(), null,
                koppel.changeLog.lastSeq(), Instant.now());
        koppel.peers.register(connection, side::open);
        try {
            Person p = (Person) koppel.relations.create(People.create("Bo", "Terug", null, null, user, List.of()),
                    org.koppel.crm.Origin.user(user));
            run(connection);
            koppel.relations.update(RelationKind.PERSON, p.id(), null, People.former(current(p), true), org.koppel.crm.Origin.user(user));
            run(connection);
            koppel.relations.update(RelationKind.PERSON, p.id(), null, People.former(current(p), false), org.koppel.crm.Origin.user(user));
            run(connection);
            run(connection);

            assertThat(side.items().values()).as("one item for the record, found again when it came back")
                    .filteredOn(i -> p.id().equals(i.stamp())).hasSize(1);
            assertThat(koppel.links.all(connection, org.koppel.sync.DataType.CONTACTS)).singleElement()
                    .satisfies(l -> assertThat(l.peerGone()).isFalse());
        } finally {
            koppel.peers.forget(connection);
        }
    }

    private void run(long connection) {
        assertThat(koppel.runner.run(connection, "test").status()).isEqualTo(RunReport.Status.SUCCEEDED);
    }

    private Person current(Person p) {
        return (Person) koppel.relations.find(RelationKind.PERSON, p.id());
    }
}
