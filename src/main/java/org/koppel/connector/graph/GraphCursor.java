package org.koppel.connector.graph;

/**
 * Where a Microsoft 365 connection left off, stored as versioned JSON: the contact folder it syncs
 * and the {@code @odata.deltaLink} of the last complete delta round (contact: delta, see
 * https://learn.microsoft.com/graph/api/contact-delta). The link is opaque and used verbatim; it
 * already carries the {@code $select} of the first request. A null link means "list again".
 */
public record GraphCursor(int version, String folderId, String deltaLink) {

    public static final int CURRENT = 1;
}
