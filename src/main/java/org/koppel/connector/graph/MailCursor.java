package org.koppel.connector.graph;

import java.util.List;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where the marked-mail listing of a Microsoft 365 mailbox left off, stored as versioned JSON: per
 * folder looked in, its id and display name (so a later run asks for neither again), the
 * {@code @odata.deltaLink} of its "message: delta" (https://learn.microsoft.com/graph/api/message-delta)
 * and the {@code notBefore} the link was made with: the link carries the first request's
 * {@code $filter=receivedDateTime ge ...}, so a changed date filter starts the folder afresh. A null
 * link means "list the folder afresh". An unreadable cursor, or one of another version, reads as
 * none: listing afresh loses nothing (every marked mail is found again), it only costs requests.
 */
public record MailCursor(int version, List<Folder> folders) {

    public static final int CURRENT = 1;

    /**
     * @param key       the folder as the connection names it ("inbox", "sentitems", "Klanten")
     * @param notBefore the date filter of the link (an ISO instant), null for none
     */
    public record Folder(String key, String id, String displayName, String deltaLink, String notBefore) {

        Folder withLink(String link, String since) {
            return new Folder(key, id, displayName, link, since);
        }
    }

    public MailCursor {
        folders = folders == null ? List.of() : List.copyOf(folders);
    }

    static MailCursor read(String cursor, ObjectMapper json) {
        if (cursor == null) return new MailCursor(CURRENT, List.of());
        try {
            MailCursor c = json.readValue(cursor, MailCursor.class);
            return c.version() == CURRENT ? c : new MailCursor(CURRENT, List.of());
        } catch (JacksonException unreadable) {
            return new MailCursor(CURRENT, List.of());
        }
    }

    /** The folder's state, or null when the cursor has none for it. */
    Folder folder(String key) {
        return folders.stream().filter(f -> Objects.equals(f.key(), key)).findFirst().orElse(null);
    }

    String write(ObjectMapper json) {
        return json.writeValueAsString(this);
    }
}
