package org.koppel.connector.google;

import org.koppel.connector.PeerException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where a Google data type's sync left off, stored as versioned JSON: the People API's
 * {@code nextSyncToken} of the last complete listing, opaque and used verbatim, and the
 * {@code personFields} it was asked with ("When the syncToken is specified, all other request parameters
 * must match the first call", https://developers.google.com/people/api/rest/v1/people.connections/list):
 * a cursor of other fields (a Koppel that maps more) is expired, so the engine lists everything.
 */
record GoogleCursor(int version, String syncToken, String personFields) {

    static final int CURRENT = 1;

    /** The stored cursor; one this Koppel cannot use is expired. */
    static GoogleCursor read(String stored, String personFields, ObjectMapper json) {
        GoogleCursor c;
        try {
            c = json.readValue(stored, GoogleCursor.class);
        } catch (JacksonException unreadable) {
            throw new PeerException.CursorExpired("the stored Google cursor cannot be read", unreadable);
        }
        if (c.version() != CURRENT || c.syncToken() == null) throw new PeerException.CursorExpired("cursor of an older Koppel", null);
        if (!personFields.equals(c.personFields())) {
            throw new PeerException.CursorExpired("Koppel reads other Google contact fields since the last run", null);
        }
        return c;
    }

    static String write(String syncToken, String personFields, ObjectMapper json) {
        return json.writeValueAsString(new GoogleCursor(CURRENT, syncToken, personFields));
    }
}
