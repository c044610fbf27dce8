package org.koppel.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every value each side wrote, per record and slot, in the order written: what "no edit is lost"
 * is checked against. A peer write names the item it went to, so writes to an item the user deleted
 * afterwards, or to a copy Koppel no longer links, can be told apart.
 */
final class WriteLog {

    enum Side { CRM, PEER }

    record Write(long order, long crmId, String slot, String value, Side side, String itemId) {
    }

    private final List<Write> writes = new ArrayList<>();
    private final Map<String, Long> deletedAt = new HashMap<>();
    private long order;

    synchronized void crm(long crmId, String slot, String value) {
        writes.add(new Write(++order, crmId, slot, value, Side.CRM, null));
    }

    synchronized void peer(long crmId, String itemId, String slot, String value) {
        writes.add(new Write(++order, crmId, slot, value, Side.PEER, itemId));
    }

    synchronized void itemDeleted(String itemId) {
        deletedAt.put(itemId, ++order);
    }

    synchronized int size() {
        return writes.size();
    }

    /** The last write to the slot, whichever side and item. */
    synchronized Optional<Write> last(long crmId, String slot) {
        return writes.stream().filter(w -> w.crmId() == crmId && w.slot().equals(slot)).max(Comparator.comparingLong(Write::order));
    }

    /**
     * The last write to the slot that can still reach the record through the item it is linked to
     * now: Koppel's, or the peer's to that item after the user last deleted it. A write to a deleted
     * item or to a copy the peer keeps unlinked (rule 7) may be lost; the rules say so.
     */
    synchronized Optional<Write> lastLive(long crmId, String slot, String linkedItem) {
        long deleted = deletedAt.getOrDefault(linkedItem, -1L);
        return writes.stream().filter(w -> w.crmId() == crmId && w.slot().equals(slot))
                .filter(w -> w.side() == Side.CRM || (linkedItem.equals(w.itemId()) && w.order() > deleted))
                .max(Comparator.comparingLong(Write::order));
    }
}
