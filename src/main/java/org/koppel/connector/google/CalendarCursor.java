package org.koppel.connector.google;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where the calendar's sync left off, stored as versioned JSON: the {@code nextSyncToken} of the last events.list,
 * opaque and used verbatim ("Token used at a later point in time to retrieve only the entries that have changed
 * since this result was returned", https://developers.google.com/calendar/api/v3/reference/events/list).
 */
record CalendarCursor(int version, String syncToken) {

    static final int CURRENT = 1;

    /** The stored cursor; one this Koppel cannot use is expired, so the engine lists everything. */
    static CalendarCursor read(String stored, ObjectMapper json) {
        CalendarCursor c;
        try {
            c = json.readValue(stored, CalendarCursor.class);
        } catch (JacksonException unreadable) {
            throw new PeerException.CursorExpired("the stored Google Calendar cursor cannot be read", unreadable);
        }
        if (c.version() != CURRENT || c.syncToken() == null) throw new PeerException.CursorExpired("cursor of an older Koppel", null);
        return c;
    }

    static String write(String syncToken, ObjectMapper json) {
        return syncToken == null ? null : json.writeValueAsString(new CalendarCursor(CURRENT, syncToken));
    }
}
