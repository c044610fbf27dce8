package org.koppel.connector.imap;

import java.util.Map;
import java.util.TreeMap;


import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Where an IMAP mailbox's listing left off, stored as versioned JSON: per folder, its UIDVALIDITY and,
 * on servers with CONDSTORE (RFC 7162), the HIGHESTMODSEQ at which a search found NO mail carrying the
 * mark and neither result mark ({@code emptyAt}). Any change to a folder's mails (a new mail, a mark
 * added or taken off) raises its HIGHESTMODSEQ (RFC 7162 §3.1.1), so while STATUS still answers the same
 * value the folder still holds nothing to log and the search is skipped. A folder where the search found
 * mails gets no {@code emptyAt}: it is searched again next time, so mails beyond the limit, or listed but
 * not logged before a run was stopped, are never skipped, whichever older cursor the runner hands back.
 *
 * <p>{@code query} is the marks and date filter the {@code emptyAt} values hold for ("empty" means empty
 * for that query); another query searches every folder again. A changed UIDVALIDITY means the folder was
 * recreated: its {@code emptyAt} belongs to the old folder and is not used.
 */
record ImapCursor(int version, String query, Map<String, FolderState> folders) {

    static final int CURRENT = 1;

    /** @param emptyAt the HIGHESTMODSEQ at which the folder held nothing to log, or null */
    record FolderState(long uidValidity, Long emptyAt) {
    }

    ImapCursor {
        folders = folders == null ? Map.of() : Map.copyOf(folders);
    }

    /** The stored cursor; none, another version's or an unreadable one reads as "search every folder". */
    static ImapCursor read(String cursor, ObjectMapper json) {
        if (cursor == null) return new ImapCursor(CURRENT, null, Map.of());
        try {
            ImapCursor c = json.readValue(cursor, ImapCursor.class);
            return c.version() == CURRENT ? c : new ImapCursor(CURRENT, null, Map.of());
        } catch (JacksonException unreadable) {
            return new ImapCursor(CURRENT, null, Map.of()); // costs one search per folder, loses nothing
        }
    }

    /** Whether {@code folder} held nothing to log for {@code query} at {@code highestModSeq}, per this cursor. */
    boolean emptyAt(String forQuery, String folder, long uidValidity, long highestModSeq) {
        FolderState s = folders.get(folder);
        return forQuery.equals(query) && s != null && s.uidValidity() == uidValidity && s.emptyAt() != null
                && s.emptyAt() == highestModSeq;
    }

    static String write(String query, Map<String, FolderState> folders, ObjectMapper json) {
        return json.writeValueAsString(new ImapCursor(CURRENT, query, new TreeMap<>(folders)));
    }
}
