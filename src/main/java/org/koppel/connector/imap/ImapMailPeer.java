package org.koppel.connector.imap;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Flags;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailMarks;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.security.OutboundPolicy;

import tools.jackson.databind.ObjectMapper;

/**
 * An IMAP mailbox (RFC 3501) whose marked mails are logged. Marks are keywords, named from the marks'
 * names by {@link ImapKeywords} ("Not found" is {@code Not_found}). One connection, opened on first use,
 * serves the whole run; folders are SELECTed read-write (marks are written) and left by selecting the
 * next one, never by CLOSE, which would expunge mails flagged \Deleted.
 *
 * <p>Listing ({@link #marked}) is a server-side search per folder, {@code UID SEARCH KEYWORD <mark>
 * UNKEYWORD <processed> UNKEYWORD <notFound> [SINCE <day before notBefore>]}, then one {@code UID FETCH
 * (UID INTERNALDATE RFC822.SIZE)} of what it found, never the bodies; the exact date filter is applied
 * to INTERNALDATE here (SINCE is a date without time, in the server's zone). On servers with CONDSTORE
 * a folder that held nothing to log at its current HIGHESTMODSEQ costs one STATUS instead (see
 * {@link ImapCursor}).
 *
 * <p>A mail's {@link MailRef#id()} is {@code <UIDVALIDITY>/<UID>/<folder>}: a ref from before the
 * folder was recreated (another UIDVALIDITY) is refused (content: ItemRejected; mark: skipped), never
 * applied to whatever mail now has its UID.
 *
 * <p>{@link #requests()} counts the commands sent: the connect and sign-in as one (two more with
 * STARTTLS), then one per SELECT, STATUS, LIST, SEARCH, FETCH, STORE and the LOGOUT.
 */
public final class ImapMailPeer implements MailPeer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImapMailPeer.class);

    static final String INBOX = "INBOX";
    /** A STORE or FETCH names at most this many UIDs (a command line stays well under servers' limits). */
    private static final int UIDS_PER_COMMAND = 500;
    private static final DateTimeFormatter SEARCH_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);

    private final ImapSettings settings;
    private final String password;
    private final OutboundPolicy outbound;
    private final ObjectMapper json;
    private final AtomicLong commands = new AtomicLong();
    private ImapConnection connection;
    private List<String> folders;

    ImapMailPeer(ImapSettings settings, String password, OutboundPolicy outbound, ObjectMapper json) {
        this.settings = settings;
        this.password = password;
        this.outbound = outbound;
        this.json = json;
    }

    private ImapConnection connection() {
        if (connection == null) connection = ImapConnection.open(settings, password, outbound, commands);
        return connection;
    }

    /** The folders listed: as configured, else INBOX and the server's sent-mail folder, if it names one. */
    List<String> folders() {
        if (folders == null) {
            folders = settings.folders().isEmpty() ? defaultFolders(connection()) : settings.folders();
        }
        return folders;
    }

    static List<String> defaultFolders(ImapConnection connection) {
        String sent = sentFolder(connection);
        return sent == null || sent.equalsIgnoreCase(INBOX) ? List.of(INBOX) : List.of(INBOX, sent);
    }

    /** The folder with the {@code \Sent} attribute (RFC 6154 §2), or null when the server names none. */
    static String sentFolder(ImapConnection connection) {
        if (!connection.hasCapability("SPECIAL-USE")) return null;
        for (ListInfo info : connection.list("*")) {
            if (info.attrs != null && Arrays.stream(info.attrs).anyMatch("\\Sent"::equalsIgnoreCase)) return info.name;
        }
        return null;
    }

    @Override
    public MarkedMails marked(MailQuery query, String cursor) {
        MailMarks marks = query.marks();
        String mark = ImapKeywords.keyword(marks.mark());
        String search = "UID SEARCH KEYWORD " + mark + " UNKEYWORD " + ImapKeywords.keyword(marks.processed())
                + " UNKEYWORD " + ImapKeywords.keyword(marks.notFound())
                + (query.notBefore() == null ? "" : " SINCE " + SEARCH_DATE.format(
                        LocalDate.ofInstant(query.notBefore(), ZoneOffset.UTC).minusDays(1)));
        String queryKey = search + (query.notBefore() == null ? "" : " " + query.notBefore());
        ImapCursor last = ImapCursor.read(cursor, json);
        ImapConnection c = connection();
        boolean condstore = c.hasCapability("CONDSTORE");
        var states = new HashMap<String, ImapCursor.FolderState>();
        var found = new ArrayList<Listed>();
        List<String> names = folders();
        for (int i = 0; i < names.size(); i++) {
            String folder = names.get(i);
            Long highest = null;
            if (condstore) {
                Status status = c.status(folder, "UIDVALIDITY", "HIGHESTMODSEQ");
                if (status == null) throw missing(folder);
                if (last.emptyAt(queryKey, folder, status.uidvalidity, status.highestmodseq)) {
                    states.put(folder, new ImapCursor.FolderState(status.uidvalidity, status.highestmodseq));
                    continue;
                }
                highest = status.uidvalidity == c.select(folder).uidvalidity ? status.highestmodseq : null;
            }
            long uidValidity = c.select(folder).uidvalidity;
            List<Listed> inFolder = listed(c, folder, i, uidValidity, search(c, search), query.notBefore());
            states.put(folder, new ImapCursor.FolderState(uidValidity, inFolder.isEmpty() ? highest : null));
            found.addAll(inFolder);
        }
        found.sort(Comparator.comparing((Listed l) -> l.ref().received()).thenComparingLong(Listed::uid)
                .thenComparingInt(Listed::folderIndex));
        int limit = Math.max(0, query.limit());
        List<MailRef> mails = found.stream().limit(limit).map(Listed::ref).toList();
        return new MarkedMails(mails, found.size() > limit, ImapCursor.write(queryKey, states, json));
    }

    private record Listed(MailRef ref, long uid, int folderIndex) {
    }

    private static long[] search(ImapConnection c, String command) {
        var uids = new ArrayList<Long>();
        for (Response r : c.command(command)) {
            if (r instanceof IMAPResponse ir && ir.isUnTagged() && ir.keyEquals("SEARCH")) {
                for (long uid = ir.readLong(); uid > 0; uid = ir.readLong()) uids.add(uid);
            }
        }
        return uids.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** UID, INTERNALDATE and size of the found UIDs, those received before {@code notBefore} left out. */
    private static List<Listed> listed(ImapConnection c, String folder, int folderIndex, long uidValidity, long[] uids,
                                       Instant notBefore) {
        var listed = new ArrayList<Listed>();
        for (int from = 0; from < uids.length; from += UIDS_PER_COMMAND) {
            long[] part = Arrays.copyOfRange(uids, from, Math.min(uids.length, from + UIDS_PER_COMMAND));
            for (Response r : c.command("UID FETCH " + UIDSet.toString(UIDSet.createUIDSets(part))
                    + " (UID INTERNALDATE RFC822.SIZE)")) {
                if (!(r instanceof FetchResponse f)) continue;
                UID uid = f.getItem(UID.class);
                INTERNALDATE date = f.getItem(INTERNALDATE.class);
                RFC822SIZE size = f.getItem(RFC822SIZE.class);
                if (uid == null || date == null || Arrays.binarySearch(part, uid.uid) < 0) continue; // a flag update
                Instant received = date.getDate().toInstant();
                if (notBefore != null && received.isBefore(notBefore)) continue;
                listed.add(new Listed(new MailRef(MailId.of(folder, uidValidity, uid.uid), folder, received,
                        size == null ? -1 : size.size), uid.uid, folderIndex));
            }
        }
        return listed;
    }

    @Override
    public byte[] content(MailRef mail) {
        MailId id = MailId.parse(mail.id());
        requireSize(mail, mail.size()); // as listed: a mail's size never changes (RFC 3501 §2.3.1.1, UIDs are its identity)
        ImapConnection c = connection();
        requireSameFolder(c, id, mail);
        if (mail.size() < 0) requireSize(mail, size(c, id, mail));
        for (Response r : c.command("UID FETCH " + id.uid() + " (UID BODY.PEEK[])")) {
            if (r instanceof FetchResponse f && f.getItem(UID.class) != null && f.getItem(UID.class).uid == id.uid()) {
                BODY body = f.getItem(BODY.class);
                if (body != null && body.getByteArray() != null) return body.getByteArray().getNewBytes();
            }
        }
        throw vanished(mail);
    }

    private void requireSize(MailRef mail, long size) {
        if (size > settings.maxMailBytes()) {
            throw new PeerException.ItemRejected("mail " + describe(mail) + " is " + size + " bytes, above the limit of "
                    + settings.maxMailBytes() + " (setting " + ImapSettings.MAX_MAIL_BYTES + "); it was not fetched", null);
        }
    }

    private static long size(ImapConnection c, MailId id, MailRef mail) {
        for (Response r : c.command("UID FETCH " + id.uid() + " (UID RFC822.SIZE)")) {
            if (r instanceof FetchResponse f && f.getItem(UID.class) != null && f.getItem(UID.class).uid == id.uid()
                    && f.getItem(RFC822SIZE.class) != null) {
                return f.getItem(RFC822SIZE.class).size;
            }
        }
        throw vanished(mail);
    }

    /**
     * One {@code UID STORE <uids> +FLAGS.SILENT (<keyword>)} per folder (per 500 mails). A mail gone
     * meanwhile is skipped by the server; a ref from before its folder was recreated (another
     * UIDVALIDITY) is skipped here, never applied to the mail that now has its UID.
     */
    @Override
    public void mark(Collection<MailRef> mails, String mark) {
        String keyword = ImapKeywords.keyword(mark);
        var byFolder = new LinkedHashMap<String, List<MailRef>>();
        for (MailRef m : mails) byFolder.computeIfAbsent(MailId.parse(m.id()).folder(), f -> new ArrayList<>()).add(m);
        var refused = new ArrayList<String>();
        ImapConnection c = byFolder.isEmpty() ? null : connection();
        for (var entry : byFolder.entrySet()) {
            MailboxInfo info = c.select(entry.getKey());
            requireKeywords(info, entry.getKey(), keyword);
            var uids = new ArrayList<Long>();
            for (MailRef m : entry.getValue()) {
                MailId id = MailId.parse(m.id());
                if (id.uidValidity() == info.uidvalidity) uids.add(id.uid());
                else refused.add(describe(m));
            }
            long[] all = uids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            for (int from = 0; from < all.length; from += UIDS_PER_COMMAND) {
                long[] part = Arrays.copyOfRange(all, from, Math.min(all.length, from + UIDS_PER_COMMAND));
                // +FLAGS adds and keeps every other flag; .SILENT: no FETCH back for each mail (RFC 3501 §6.4.6)
                c.command("UID STORE " + UIDSet.toString(UIDSet.createUIDSets(part)) + " +FLAGS.SILENT (" + keyword + ")");
            }
        }
        if (!refused.isEmpty()) {
            // Not an error of the run: content() rejected these already, and the next listing finds the
            // folder's mails afresh under their new UIDs.
            LOG.info("not marked {}: the folder was recreated since these mails were listed (another UIDVALIDITY): {}",
                    keyword, String.join(", ", refused));
        }
    }

    /** A server whose PERMANENTFLAGS lack {@code \*} keeps no new keywords (RFC 3501 §7.1). */
    static void requireKeywords(MailboxInfo info, String folder, String keyword) {
        Flags permanent = info.permanentFlags;
        if (permanent != null && !permanent.contains(Flags.Flag.USER) && !permanent.contains(keyword)) {
            throw new PeerException.Configuration("the IMAP server does not let Koppel add its own marks (keywords)"
                    + " to mails in folder '" + folder + "' (its PERMANENTFLAGS lack \\*), so mails cannot be marked '"
                    + keyword + "'; this mailbox cannot be used for e-mail logging", null);
        }
    }

    private static void requireSameFolder(ImapConnection c, MailId id, MailRef mail) {
        if (c.select(id.folder()).uidvalidity != id.uidValidity()) {
            throw new PeerException.ItemRejected("mail " + describe(mail) + " is gone: folder '" + id.folder()
                    + "' was recreated since it was listed (another UIDVALIDITY)", null);
        }
    }

    private static PeerException vanished(MailRef mail) {
        return new PeerException.ItemRejected("mail " + describe(mail) + " is no longer in the mailbox"
                + " (deleted or moved since it was listed)", null);
    }

    private static PeerException missing(String folder) {
        return new PeerException.Configuration("the IMAP folder '" + folder + "' does not exist", null);
    }

    private static String describe(MailRef mail) {
        return "UID " + MailId.parse(mail.id()).uid() + " in " + mail.folder()
                + (mail.received() == null ? "" : " received " + mail.received());
    }

    @Override
    public long requests() {
        return commands.get();
    }

    @Override
    public void close() {
        if (connection != null) connection.close();
        connection = null;
    }

    /** What a {@link MailRef#id()} holds: {@code <UIDVALIDITY>/<UID>/<folder>} (the folder last: it may hold '/'). */
    record MailId(String folder, long uidValidity, long uid) {

        static String of(String folder, long uidValidity, long uid) {
            return uidValidity + "/" + uid + "/" + folder;
        }

        static MailId parse(String id) {
            String[] parts = id == null ? new String[0] : id.split("/", 3);
            try {
                if (parts.length == 3) return new MailId(parts[2], Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                // below
            }
            throw new PeerException.ItemRejected("'" + id + "' is no IMAP mail reference", null);
        }
    }
}
