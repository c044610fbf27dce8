package org.koppel.sim;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import org.koppel.sync.SyncPolicy;
import org.koppel.testkit.sim.FaultPlan;
import org.koppel.testkit.sim.KillSwitchPeer;
import org.koppel.testkit.sim.SimPeers;

/**
 * One contact schedule, everything drawn from its seed: a user with a connection to the peer, a
 * colleague, then a random mix of edits on both sides, scope changes, peer faults and runs killed
 * halfway; then faults stop, runs go on until two in a row change nothing, and the invariants are
 * checked ({@link Schedule}).
 */
final class Simulation extends Schedule {

    static final Set<SyncPolicy.ScopeRule> SCOPE = Set.of(SyncPolicy.ScopeRule.MANAGER, SyncPolicy.ScopeRule.OWNER,
            SyncPolicy.ScopeRule.SYNC_FLAG);

    private final PeerSide side;
    final WriteLog writes = new WriteLog();
    /** Persons of this schedule in the order made: picks go by position, so a replay picks the same ones. */
    final List<Long> persons = new java.util.ArrayList<>();
    final Set<Long> deletedBySchedule = new HashSet<>();
    final Set<Long> everInScope = new HashSet<>();
    final Set<String> userCreatedItems = new HashSet<>();
    final boolean imports;
    private final Moves moves;

    Simulation(Koppel koppel, PeerSide side, long seed, boolean importsAllowed) {
        super(koppel, seed);
        this.side = side;
        this.imports = importsAllowed && random.nextInt(3) == 0;
        String rule = random.nextInt(4) == 0 ? "PEER_WINS" : "CRM_WINS";
        var settings = new LinkedHashMap<String, String>();
        settings.put("contacts.scope", "MANAGER,OWNER,SYNC_FLAG");
        settings.put("contacts.conflictRule", rule);
        settings.put("contacts.creation", imports ? "CREATE" : "NEVER");
        this.connection = koppel.connections.insert(SimPeers.TYPE, "sim " + seed, user, settings, null, Instant.now());
        koppel.peers.register(connection, () -> new KillSwitchPeer(side.open(), kill));
        this.moves = new Moves(this, koppel, side, random);
        side.onRace(moves::raceEdit);
        trace.add("seed " + seed + ": conflict rule " + rule + ", creation " + settings.get("contacts.creation"));
    }

    @Override
    int stepCount() {
        return 20 + random.nextInt(21);
    }

    @Override
    void prepare() {
        for (int i = 0; i < 3 + random.nextInt(4); i++) moves.crmCreate();
    }

    @Override
    void between() {
        sampleScope();
    }

    @Override
    List<FaultPlan> plans() {
        return List.of(side.plan());
    }

    @Override
    List<String> invariants() {
        return new Invariants(this, koppel, side).check();
    }

    @Override
    void crmEditMeanwhile() {
        moves.crmEdit();
    }

    @Override
    void peerEditMeanwhile() {
        moves.peerEdit();
    }

    @Override
    void step() {
        int roll = random.nextInt(100);
        if (roll < 14) moves.crmEdit();
        else if (roll < 22) moves.crmEditOther();
        else if (roll < 28) moves.crmCreate();
        else if (roll < 30) moves.crmDelete();
        else if (roll < 33) moves.crmFormer();
        else if (roll < 36) moves.crmManager();
        else if (roll < 38) moves.crmOwner();
        else if (roll < 41) moves.crmSyncFlag();
        else if (roll < 44) moves.crmScopeBounce(this::syncRun);
        else if (roll < 48) moves.peerCreate();
        else if (roll < 58) moves.peerEdit();
        else if (roll < 65) moves.bothEdit();
        else if (roll < 68) moves.peerDelete();
        else syncRun();
    }

    void sampleScope() {
        everInScope.addAll(koppel.config.personsInScope(user, SCOPE, null));
    }
}
