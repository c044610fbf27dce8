package org.koppel.connector.caldav;

import java.time.Clock;

import org.koppel.connector.PeerItem;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavItemPeer;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.ObjectMapper;

/**
 * A CalDAV calendar as the peer of one component type: the {@link DavItemPeer} protocol
 * (sync-collection, calendar-multiget, conditional PUT and DELETE) with calendar objects mapped by
 * {@link CalendarObjects}. Objects without the component (a VTODO in a calendar synced for its
 * events) are not this peer's items and are passed over; objects that are not iCalendar at all are
 * reported as rejected.
 */
abstract class CalDavItemPeer extends DavItemPeer {

    private final CalendarObjects objects;
    private final String uidPrefix;

    CalDavItemPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json, ComponentMapper mapper,
                   String uidPrefix, Clock clock) {
        super(client, syncCollection, json);
        this.objects = new CalendarObjects(mapper, clock);
        this.uidPrefix = uidPrefix;
    }

    /**
     * Per data type, since one calendar may hold both events and tasks and CRM ids of appointments
     * and tasks are counted apart: {@code koppel-appointment-42}, {@code koppel-task-42}.
     */
    @Override
    protected String uidFor(long crmId) {
        return "koppel-" + uidPrefix + "-" + crmId;
    }

    @Override
    protected PeerItem item(String href, String etag, String text) {
        CalendarObjects.Read read;
        try {
            read = objects.read(text);
        } catch (CalendarObjects.NotThisComponent other) {
            return null;
        }
        return new PeerItem(href, etag, read.stampedCrmId(), Snapshot.of(read.slots()), read.categories(), text,
                read.modifiedAt());
    }

    @Override
    protected String write(String existing, Snapshot values, String uid, long crmId) {
        return objects.write(existing, values.values(), uid, crmId);
    }

    @Override
    protected String uid(String text) {
        return objects.uid(text);
    }
}
