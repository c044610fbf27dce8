package org.koppel.connector.caldav;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavException;
import org.koppel.connector.dav.DavTransientException;
import org.koppel.sync.SyncWindow;

import tools.jackson.databind.ObjectMapper;

/**
 * A CalDAV calendar as the appointments peer (VEVENT ↔ AppointmentSlots, see {@link VEventSlots}).
 *
 * <p>{@link #limitTo}: a full listing (the first run, an expired token, a server without
 * sync-collection) still names every object in {@code present} (hrefs and ETags are cheap, and a
 * link outside the window must not look deleted), but fetches only the events that touch the
 * window, found by calendar-query with a time-range (RFC 4791 §9.9: a series counts when any
 * occurrence does), so years of history are not downloaded. sync-collection reports and fetches
 * every change in the calendar, whatever its date: the engine filters by the window. The cursor does
 * not depend on the window, so a new window needs no fresh listing.
 */
public final class CalDavEventPeer extends CalDavItemPeer {

    private SyncWindow window;

    public CalDavEventPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json, Clock clock) {
        super(client, syncCollection, json, new VEventSlots(clock), "appointment", clock);
    }

    @Override
    public void limitTo(SyncWindow window) {
        this.window = window;
    }

    @Override
    protected Predicate<String> worthFetching() {
        if (window == null) return super.worthFetching();
        Set<String> inWindow = new HashSet<>();
        try {
            client.listEtags("VEVENT", window.from(), window.to()).forEach(m -> inWindow.add(m.href()));
        } catch (DavTransientException e) {
            throw e;
        } catch (DavAuthException e) {
            if (e.status().orElse(0) == 401) throw e;
            return super.worthFetching(); // 403: a server that does not let this REPORT through
        } catch (DavException e) {
            // A server without time-range queries (RFC 4791 makes them mandatory, some skip them):
            // everything is fetched, the engine filters.
            return super.worthFetching();
        }
        return inWindow::contains;
    }
}
