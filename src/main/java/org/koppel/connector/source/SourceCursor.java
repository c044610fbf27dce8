package org.koppel.connector.source;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where a source connection's sync left off, stored as versioned JSON: the source's own change-list
 * cursor, opaque and used verbatim (docs/source-system.md: "store it as given"), and which relation
 * types the connection synced when it was made ({@code selection}, see {@link SourcePeers}).
 */
record SourceCursor(int version, String position, String selection) {

    static final int CURRENT = 1;

    /** The stored cursor; one this Koppel cannot read is expired, so the engine lists everything. */
    static SourceCursor read(String stored, String selection, ObjectMapper json) {
        SourceCursor c;
        try {
            c = json.readValue(stored, SourceCursor.class);
        } catch (JacksonException unreadable) {
            throw new PeerException.CursorExpired("the stored source-system cursor cannot be read", unreadable);
        }
        if (c.version() != CURRENT || c.position() == null) {
            throw new PeerException.CursorExpired("cursor of an older Koppel", null);
        }
        // Relations of a type mapped since were passed over as "not mapped": listing everything again
        // brings them in (the links keep the others from being imported twice).
        if (!java.util.Objects.equals(c.selection(), selection)) {
            throw new PeerException.CursorExpired("the relation-type mapping changed since the last run", null);
        }
        return c;
    }

    static String write(String position, String selection, ObjectMapper json) {
        return json.writeValueAsString(new SourceCursor(CURRENT, position, selection));
    }
}
