package org.koppel.connector.graph;

import java.util.List;

/**
 * Where a Microsoft 365 connection left off for one data type, stored as versioned JSON: the
 * {@code @odata.deltaLink} of the last complete delta round and what the round was of. Contacts: the
 * contact folder (contact: delta, see https://learn.microsoft.com/graph/api/contact-delta).
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

    /** A contact folder's cursor. */
    public GraphCursor(int version, String folderId, String deltaLink) {
        this(version, folderId, deltaLink, null, null, null);
    }
}
