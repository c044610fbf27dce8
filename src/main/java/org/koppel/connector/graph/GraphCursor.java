package org.koppel.connector.graph;

import java.util.List;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where a Microsoft 365 data type's sync left off, stored as versioned JSON: the {@code @odata.deltaLink}
 * of the last complete delta round and what the round was of. Contacts and tasks: the container they
 * sync in {@code folderId} (a contact folder, a To Do task list; contact: delta,
 * https://learn.microsoft.com/graph/api/contact-delta; todoTask: delta, https://learn.microsoft.com/graph/api/todotask-delta).
 * Appointments: the calendar view's window ({@code windowFrom}, {@code windowTo}, ISO instants; a
 * cursor of another window is expired) and the series seen in it ({@code series}, master ids), as
 * a cancelled occurrence comes back from "event: delta" only as an {@code @removed} occurrence id that
 * names no series. The link is opaque and used verbatim; it already carries the query of the first
 * request. A null link means "list again".
 */
public record GraphCursor(int version, String folderId, String deltaLink, String windowFrom, String windowTo,
                          List<String> series) {

    public static final int CURRENT = 1;

    public GraphCursor {
        series = series == null ? List.of() : List.copyOf(series);
    }

    /** A contact folder's or task list's cursor. */
    public GraphCursor(int version, String folderId, String deltaLink) {
        this(version, folderId, deltaLink, null, null, null);
    }

    /** The stored cursor; null (no cursor yet) reads as "list again". */
    static GraphCursor read(String cursor, ObjectMapper json) {
        if (cursor == null) return new GraphCursor(CURRENT, null, null);
        GraphCursor c;
        try {
            c = json.readValue(cursor, GraphCursor.class);
        } catch (JacksonException unreadable) {
            throw new PeerException.CursorExpired("the stored Microsoft 365 cursor cannot be read", unreadable);
        }
        if (c.version() != CURRENT) throw new PeerException.CursorExpired("cursor of an older Koppel", null);
        return c;
    }

    /** A contact folder's or task list's cursor as stored. */
    static String write(String folderId, String deltaLink, ObjectMapper json) {
        return json.writeValueAsString(new GraphCursor(CURRENT, folderId, deltaLink));
    }
}
