package org.koppel.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.koppel.connector.ItemPeer;
import org.koppel.testkit.sim.FaultPlan;

/**
 * The peer of one simulated schedule: a real server behind a {@link org.koppel.testkit.sim.FaultProxy}.
 * Koppel reaches it only through the proxy ({@link #open}); the peer's own user edits it directly
 * at the server, as a phone or Outlook would, without faults.
 */
interface PeerSide extends AutoCloseable {

    /** One item as the server holds it: its id as the connector names it, Koppel's stamp, its slot values. */
    record Item(String id, Long stamp, Map<String, String> slots) {
    }

    /** A connector for one run, through the proxy, with short timeouts. */
    ItemPeer open();

    FaultPlan plan();

    /** The slots the peer's user edits (each a slot the field map syncs both ways). */
    List<String> editableSlots();

    /** Called with an item id when the proxy races a conditional write to it: the simulation edits the item. */
    void onRace(Consumer<String> racer);

    /** A contact made by the user in the peer, without Koppel's stamp; its id, or empty when the peer has no place for it yet. */
    Optional<String> userCreates(String givenName, String familyName, String email);

    /** What a user edit left: the item's stamp and the slot's value as the peer now reads it (null: cleared). */
    record Edited(Long stamp, String value) {
    }

    /** The user changes one slot of a stamped item; empty when the item is gone. */
    Optional<Edited> userEdits(String itemId, String slot, String value);

    void userDeletes(String itemId);

    /** Every item, read directly at the server. */
    Map<String, Item> items();

    @Override
    void close();
}
