package org.koppel.connector.graph;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where a Microsoft 365 data type's sync left off, stored as versioned JSON: the container it syncs
 * (a contact folder, a To Do task list) and the {@code @odata.deltaLink} of the last complete delta
 * round (contact: delta, https://learn.microsoft.com/graph/api/contact-delta; todoTask: delta,
 * https://learn.microsoft.com/graph/api/todotask-delta). The link is opaque and used verbatim; it
 * already carries the {@code $select} / {@code $expand} of the first request. A null link means "list again".
 */
public record GraphCursor(int version, String folderId, String deltaLink) {

    public static final int CURRENT = 1;

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

    static String write(String folderId, String deltaLink, ObjectMapper json) {
        return json.writeValueAsString(new GraphCursor(CURRENT, folderId, deltaLink));
    }
}
