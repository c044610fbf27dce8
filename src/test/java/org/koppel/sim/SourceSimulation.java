package org.koppel.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.KillSwitchPeer;
import org.koppel.testkit.sim.SimPeers;

/**
 * One schedule of a source system that owns relations (issue 13), everything drawn from its seed:
 * a connection importing two of the source's relation types, then a random mix of the source's user
 * making, editing, archiving, restoring and deleting organisations, contact persons and private
 * individuals, Koppel's users editing linked relations, making their own and deleting some, sync
 * runs through the fault proxy, killed halfway or raced; then the quiet runs and the checks of
 * {@link SourceInvariants}.
 */
final class SourceSimulation extends Schedule {

    /** The source's types Koppel imports; 3 to 6 are left unmapped, so never synced. */
    static final Set<String> MAPPED_TYPES = Set.of("1", "2");

    final SourceSide side;
    final LinkedHashMap<String, String> settings = new LinkedHashMap<>();
    /** Every write of either side per source id and slot; the source id is numeric, so it keys the log. */
    final WriteLog writes = new WriteLog();
    /** Every relation the source's user made, in order: picks go by position, so a replay picks the same. */
    final List<String> sourceIds = new ArrayList<>();
    final Map<String, String> kinds = new HashMap<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> parents = new HashMap<>();
    /** The state the source's user left each relation in: active, archived or deleted. */
    final Map<String, String> states = new HashMap<>();
    final Set<Long> koppelMade = new HashSet<>();
    final Set<Long> deletedInKoppel = new HashSet<>();
    final Set<String> everLinked = new HashSet<>();
    /** Which CRM field of a shared source value Koppel's users edit: the work one, or the private one. */
    final boolean editsWorkValues;
    final boolean archivedAsFormer;
    private final SourceMoves moves;

    SourceSimulation(Koppel koppel, SourceSide side, long seed) {
        super(koppel, seed);
        this.side = side;
        int roll = random.nextInt(4);
        settings.put("relations.conflictRule", roll < 2 ? "CRM_WINS" : roll == 2 ? "PEER_WINS" : "NEWEST_WINS");
        settings.put("relationType.1", "Client");
        settings.put("relationType.2", "Opposing party");
        this.archivedAsFormer = random.nextInt(3) == 0;
        if (archivedAsFormer) settings.put("archived", "FORMER");
        this.editsWorkValues = random.nextBoolean();
        this.connection = koppel.connections.insert(SimPeers.TYPE, "source sim " + seed, user, settings, null, Instant.now());
        koppel.peers.register(connection, DataType.RELATIONS, () -> new KillSwitchPeer(side.open(), kill));
        this.moves = new SourceMoves(this, koppel, random);
        side.onRace(moves::raceEdit);
        trace.add("seed " + seed + ": " + settings + ", Koppel edits " + (editsWorkValues ? "work" : "private")
                + " mobile and e-mail");
    }

    @Override
    int stepCount() {
        return 25 + random.nextInt(21);
    }

    @Override
    void prepare() {
        for (int i = 0; i < 3 + random.nextInt(3); i++) moves.sourceCreateOrganisation();
        for (int i = 0; i < 2 + random.nextInt(3); i++) moves.sourceCreateContactPerson();
        for (int i = 0; i < 2 + random.nextInt(2); i++) moves.sourceCreatePrivateIndividual();
    }

    @Override
    void step() {
        int roll = random.nextInt(100);
        if (roll < 5) moves.sourceCreateOrganisation();
        else if (roll < 10) moves.sourceCreateContactPerson();
        else if (roll < 13) moves.sourceCreatePrivateIndividual();
        else if (roll < 26) moves.sourceEdit();
        else if (roll < 29) moves.sourceArchive();
        else if (roll < 31) moves.sourceRestore();
        else if (roll < 33) moves.sourceDelete();
        else if (roll < 45) moves.crmEdit();
        else if (roll < 48) moves.crmCreate();
        else if (roll < 50) moves.crmDelete();
        else if (roll < 57) moves.bothEdit();
        else syncRun();
    }

    @Override
    void between() {
        koppel.links.all(connection, DataType.RELATIONS).forEach(l -> {
            if (!l.peerGone()) everLinked.add(l.peerId());
        });
    }

    @Override
    List<FaultPlan> plans() {
        return List.of(side.plan());
    }

    @Override
    List<String> invariants() {
        return new SourceInvariants(this, koppel).check();
    }

    @Override
    void crmEditMeanwhile() {
        moves.crmEdit();
    }

    @Override
    void peerEditMeanwhile() {
        moves.sourceEdit();
    }

    static long key(String sourceId) {
        return Long.parseLong(sourceId);
    }
}
