package org.koppel.connector.google;

import java.time.DateTimeException;
import java.time.Instant;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where the task list's sync left off, stored as versioned JSON. The Tasks API has no sync token: the cursor is the
 * newest {@code updated} time Google showed ("updated: Last modification time of the task", Task resource,
 * https://developers.google.com/tasks/reference/rest/v1/tasks), Google's own clock, and the next listing asks for
 * {@code updatedMin} a safety overlap before it ({@link GoogleTaskPeer#OVERLAP}).
 */
record TasksCursor(int version, String updatedMin) {

    static final int CURRENT = 1;

    static Instant read(String stored, ObjectMapper json) {
        try {
            TasksCursor c = json.readValue(stored, TasksCursor.class);
            if (c.version() != CURRENT || c.updatedMin() == null) throw new PeerException.CursorExpired("cursor of an older Koppel", null);
            return Instant.parse(c.updatedMin());
        } catch (JacksonException | DateTimeException unreadable) {
            throw new PeerException.CursorExpired("the stored Google Tasks cursor cannot be read", unreadable);
        }
    }

    static String write(Instant updatedMin, ObjectMapper json) {
        return updatedMin == null ? null : json.writeValueAsString(new TasksCursor(CURRENT, updatedMin.toString()));
    }
}
