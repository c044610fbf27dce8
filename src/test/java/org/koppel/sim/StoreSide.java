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
 * <p>
 * A CalDAV side (one class, made once for the calendar and once for the task list): a calendar
 * collection of its own in the shared Radicale (a MKCALENDAR with its component set, VEVENT or
 * VTODO); {@link #open} the CalDAV connector over {@code proxy.via(collection)} with the short
 * timeouts, as {@code CardDavPeers} opens it by the settings {@code calendar} / {@code taskList}, behind a
 * {@code FaultProxy} whose hooks are {@link RadicaleSide}'s (PUT/DELETE with If-Match race, REPORT
 * sync-collection carries the cursor, an expired one is the DAV:valid-sync-token error; move them to
 * a shared class); {@link #userCreates} and {@link #userEdits} write the VEVENT/VTODO with the
 * connector's own iCalendar mapping, keeping every other property of the resource, with DTSTAMP,
 * LAST-MODIFIED and SEQUENCE moved on per edit (as the vCard side stamps REV: the same bytes are the
 * same ETag), and return the item read back with that mapping ({@code occurrenceEdits} as
 * RECURRENCE-ID overrides); {@link #items} lists and multigets directly, without the proxy;
 * {@link #close} closes the proxy, the direct client and every connector it opened.
 * <p>
 * A Graph side: a mailbox of its own in a {@code FakeGraph}; {@link #open} the event or To Do
 * connector through a fault proxy with {@link GraphSide}'s hooks (PATCH with If-Match in a JSON
 * batch races, delta requests carry the cursor, an expired one is the fake's own 410); the user's
 * moves through the fake's Outlook hooks (an event's exceptions and its edited occurrences as Graph
 * keeps them); the window reaches the connector's calendarView ({@code KillSwitchPeer} hands
 * {@code limitTo} on). A Graph store that does not take Outlook's own items into Koppel needs the
 * schedule told so, as the contact simulation is ({@code importsAllowed}).
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
