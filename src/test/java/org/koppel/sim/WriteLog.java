package org.koppel.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** Every value the slot held by a write of either side (null when it was cleared or never set). */
    synchronized java.util.Set<String> values(long crmId, String slot) {
        var values = new java.util.HashSet<String>();
        writes.stream().filter(w -> w.crmId() == crmId && w.slot().equals(slot)).forEach(w -> values.add(w.value()));
        return values;
    }

    /** Every write to the slot, newest first. */
    synchronized List<Write> newestFirst(long crmId, String slot) {
        return writes.stream().filter(w -> w.crmId() == crmId && w.slot().equals(slot))
                .sorted(Comparator.comparingLong(Write::order).reversed()).toList();
    }

    /**
     * A peer write that may rightly be gone: to an item the user deleted afterwards, or to a copy
     * the record is not linked to any more (left in the peer by rule 7). Whether it reached the
     * record before that is not known, so it neither must be kept nor must be lost.
     */
    synchronized boolean mayBeGone(Write w, String linkedItem) {
        return w.side() == Side.PEER && (!linkedItem.equals(w.itemId()) || deletedAt.getOrDefault(w.itemId(), -1L) > w.order());
    }
}
