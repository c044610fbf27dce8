package org.koppel.sim;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.koppel.connector.ItemPeer;
import org.koppel.sync.DataType;
import org.koppel.testkit.sim.FaultPlan;

/**
 * One data type's store in the peer (a calendar, a task list) as an agenda schedule drives it, in
 * slot values ({@code AppointmentSlots}, {@code TaskSlots}) whatever the peer speaks. Koppel reaches it
 * only through {@link #open}, with the faults of {@link #plan}; the peer's user edits it directly, as
 * a phone or Outlook would, without faults. A side over a real server (Radicale's CalDAV, the Graph
 * fake) converts slots to the server's form with the connector's own mapping, and reads back what the
 * connector would read.
 */
interface StoreSide extends AutoCloseable {

    /** One item as the store holds it: its id as the connector names it, Koppel's stamp, its slot values. */
    record Item(String id, Long stamp, Map<String, String> slots) {
    }

    DataType type();

    /** A connector for one run, through the faults. */
    ItemPeer open();

    FaultPlan plan();

    /** Called with an item id when a conditional write to it is raced: the schedule edits the item first. */
    void onRace(Consumer<String> racer);

    /** An item made by the peer's user, without Koppel's stamp; its id. */
    String userCreates(Map<String, String> slots);

    /**
     * The peer's user changes some slots of an item (a null value clears one), keeping everything else
     * it holds; the item as the store reads it afterwards, or empty when it is gone.
     */
    Optional<Item> userEdits(String itemId, Map<String, String> changes);

    void userDeletes(String itemId);

    /** Every item, read directly at the store. */
    Map<String, Item> items();

    @Override
    void close();
}
