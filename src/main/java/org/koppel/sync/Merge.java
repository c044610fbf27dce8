package org.koppel.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;
import org.koppel.sync.SyncPolicy.ConflictRule;
import org.koppel.sync.SyncPolicy.Direction;

/**
 * Three-way merge per field (DESIGN.md rule 4), pure. For each mapped slot: a side that changed
 * since the base wins; both sides at the same value agree; both changed to different values is
 * a conflict, settled by the rule and logged with the losing value. Without a base (a link
 * re-found through the stamped CRM id), or in a slot whose base is unsure, every difference is a conflict.
 */
public final class Merge {

    public enum Side { CRM, PEER }

    public record FieldConflict(String slot, String base, String crm, String peer, Side winner) {

        public String losingValue() {
            return winner == Side.CRM ? peer : crm;
        }
    }

    /**
     * @param merged     the values both sides hold after the writes
     * @param crmSlots   slots whose merged value must be written into the CRM
     * @param peerSlots  slots whose merged value must be written into the peer
     * @param untilWritten the base to keep while the writes are under way: slots both sides already
     *                   hold alike are agreed, the others keep the base this merge started from
     */
    public record Result(Snapshot merged, Set<String> crmSlots, Set<String> peerSlots, List<FieldConflict> conflicts,
                         Base untilWritten) {

        public boolean writesCrm() {
            return !crmSlots.isEmpty();
        }

        public boolean writesPeer() {
            return !peerSlots.isEmpty();
        }
    }

    /** When each side last changed, for the newest-wins rule; either may be unknown (null). */
    public record Times(Instant crm, Instant peer) {
    }

    private Merge() {
    }

    public static Result merge(Snapshot base, Snapshot crm, Snapshot peer, List<Row> rows, Direction direction,
                               ConflictRule rule, Times times) {
        return merge(base == null ? null : Base.of(base), crm, peer, rows, direction, rule, times);
    }

    public static Result merge(Base base, Snapshot crm, Snapshot peer, List<Row> rows, Direction direction,
                               ConflictRule rule, Times times) {
        var merged = new TreeMap<String, String>();
        var agreed = new TreeMap<String, String>();
        var unsure = new LinkedHashSet<String>();
        var crmSlots = new LinkedHashSet<String>();
        var peerSlots = new LinkedHashSet<String>();
        var conflicts = new ArrayList<FieldConflict>();
        for (Row row : rows) {
            String slot = row.slot();
            boolean known = base != null && base.knows(slot);
            String b = known ? base.get(slot) : null;
            String c = crm.get(slot);
            String p = peer.get(slot);
            // Until the writes are confirmed: what both hold now is agreed, the rest keeps its base.
            String kept = Objects.equals(c, p) ? c : base == null ? null : base.get(slot);
            if (kept != null) agreed.put(slot, kept);
            if (!Objects.equals(c, p) && !known) unsure.add(slot);
            boolean toPeer = row.crmToPeer() && direction != Direction.PEER_TO_CRM;
            boolean toCrm = row.peerToCrm() && direction != Direction.CRM_TO_PEER;
            String value;
            if (Objects.equals(c, p)) {
                value = c;
            } else if (known && Objects.equals(p, b)) {
                value = toPeer ? c : p;
            } else if (known && Objects.equals(c, b)) {
                value = toCrm ? p : c;
            } else {
                Side winner = winner(toPeer, toCrm, rule, times);
                value = winner == Side.CRM ? c : p;
                conflicts.add(new FieldConflict(slot, b, c, p, winner));
            }
            if (value != null) merged.put(slot, value);
            if (!Objects.equals(value, c) && toCrm) crmSlots.add(slot);
            // A peer's own edit of a slot that only takes the CRM's changes stays in the peer, unanswered.
            boolean peerAloneEdited = known && Objects.equals(c, b) && !Objects.equals(p, b);
            boolean keepsPeerEdit = row.direction() == RowDirection.CRM_CHANGES_TO_PEER && peerAloneEdited;
            if (!Objects.equals(value, p) && toPeer && !keepsPeerEdit) peerSlots.add(slot);
        }
        return new Result(new Snapshot(merged), crmSlots, peerSlots, conflicts, new Base(new Snapshot(agreed), unsure));
    }

    private static Side winner(boolean toPeer, boolean toCrm, ConflictRule rule, Times times) {
        if (!toCrm) return Side.CRM;
        if (!toPeer) return Side.PEER;
        return switch (rule) {
            case CRM_WINS -> Side.CRM;
            case PEER_WINS -> Side.PEER;
            case NEWEST_WINS -> times.peer() != null && times.crm() != null && times.peer().isAfter(times.crm())
                    ? Side.PEER : Side.CRM;
        };
    }
}
