package org.koppel.connector.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.sync.DataType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Microsoft 365 mailbox whose marked mails are logged, through Microsoft Graph. A mark is an Outlook
 * category ("You can apply a category to an item by assigning the displayName property of the
 * category to the categories collection of the item", outlookCategory,
 * https://learn.microsoft.com/graph/api/resources/outlookcategory), compared case-insensitively as
 * Outlook compares category names.
 *
 * <ul>
 * <li>{@link #marked}: "message: delta" per folder (https://learn.microsoft.com/graph/api/message-delta;
 * "Delta query is a per-folder operation", https://learn.microsoft.com/graph/delta-query-messages),
 * selecting only what the listing needs, with {@code $filter=receivedDateTime ge} the query's date
 * (the one filter message delta allows). The first round lists the folder; later rounds, from the
 * stored deltaLink, only the messages changed since, a category set or removed included.</li>
 * <li>{@link #content}: {@code GET /me/messages/{id}/$value}, the MIME ("Get MIME content of a message",
 * https://learn.microsoft.com/graph/outlook-get-mime-message). Reading does not mark the mail read.</li>
 * <li>{@link #mark}: {@code PATCH /me/messages/{id}} with the categories it has plus the mark ("Update
 * message": categories is a collection and is replaced whole, https://learn.microsoft.com/graph/api/message-update),
 * If-Match of the version read, in JSON batches of 20.</li>
 * </ul>
 */
public final class GraphMailPeer implements MailPeer {

    /** Where marked mails are looked for unless the connection says otherwise: well-known folder names. */
    public static final List<String> DEFAULT_FOLDERS = List.of("inbox", "sentitems");
    /**
     * Exchange Online's largest message size limit (150 MB, "Exchange Online limits", message limits)
     * plus MIME's base64 growth is below this: a larger answer is not a mail of this mailbox.
     */
    static final long MAX_MAIL_BYTES = 256L * 1024 * 1024;
    /** Well-known folder names ("mailFolder resource type", https://learn.microsoft.com/graph/api/resources/mailfolder). */
    static final Set<String> WELL_KNOWN = Set.of("archive", "clutter", "conflicts", "conversationhistory", "deleteditems",
            "drafts", "inbox", "junkemail", "localfailures", "msgfolderroot", "outbox", "recoverableitemsdeletions",
            "scheduled", "searchfolders", "sentitems", "serverfailures", "syncissues");
    /** What listing needs; "The id property is always returned", @odata.etag comes with every message. */
    static final String SELECT = "categories,receivedDateTime,changeKey";
    static final String PERMISSION_MISSING = "this connection's Microsoft 365 sign-in does not allow Koppel to read and mark "
            + "mails yet: sign in to Microsoft 365 again to allow mail access";

    private final GraphClient client;
    private final List<String> folders;
    private final ObjectMapper json;
    /** Categories and version of the mails this peer listed or marked, so marking reads nothing again. */
    private final Map<String, Seen> seen = new HashMap<>();

    private record Seen(List<String> categories, String version) {
    }

    private record Candidate(MailRef ref, String folderKey) {
    }

    /** @param folders well-known folder names or display names of top-level folders; empty: {@link #DEFAULT_FOLDERS} */
    public GraphMailPeer(GraphClient client, List<String> folders, ObjectMapper json) {
        this.client = client;
        this.folders = folders == null || folders.isEmpty() ? DEFAULT_FOLDERS : List.copyOf(folders);
        this.json = json;
    }

    /**
     * Every folder's delta round, then the qualifying mails of all folders oldest first, at most the
     * limit. A folder whose qualifying mails did not all fit keeps its old deltaLink in the new cursor
     * (or none, on a first run): its next round then sees again every change since, so the mails
     * beyond the limit are found again, while those returned now come back carrying a result mark and
     * are left out. A folder all of whose mails fit moves on to its new link. Re-reading a backlog's
     * changes costs some pages per run; keeping the ids of the mails left over instead would make the
     * cursor grow with the backlog.
     */
    @Override
    public MarkedMails marked(MailQuery query, String cursor) {
        MailCursor before = MailCursor.read(cursor, json);
        String since = query.notBefore() == null ? null : query.notBefore().toString();
        var candidates = new ArrayList<Candidate>();
        var advanced = new LinkedHashMap<String, MailCursor.Folder>();
        var kept = new HashMap<String, MailCursor.Folder>();
        for (String key : folders) {
            MailCursor.Folder state = before.folder(key);
            if (state != null && !java.util.Objects.equals(state.notBefore(), since)) state = state.withLink(null, since);
            if (state == null) state = resolve(key).withLink(null, since);
            Listing listing = list(state, key);
            kept.put(key, listing.start());
            advanced.put(key, listing.start().withLink(listing.round().deltaLink(), since));
            for (JsonNode entry : listing.round().entries().values()) {
                MailRef ref = qualifying(entry, listing.start().displayName(), query);
                if (ref != null) candidates.add(new Candidate(ref, key));
            }
        }
        candidates.sort(Comparator.comparing((Candidate c) -> c.ref().received()).thenComparing(c -> c.ref().id()));
        List<Candidate> returned = candidates.subList(0, Math.min(query.limit(), candidates.size()));
        var next = new ArrayList<MailCursor.Folder>();
        for (String key : folders) {
            boolean leftOver = candidates.subList(returned.size(), candidates.size()).stream().anyMatch(c -> c.folderKey().equals(key));
            next.add(leftOver ? kept.get(key) : advanced.get(key));
        }
        return new MarkedMails(returned.stream().map(Candidate::ref).toList(), candidates.size() > returned.size(),
                new MailCursor(MailCursor.CURRENT, next).write(json));
    }

    /** A folder's round and the state it started from (its link null when that link had expired). */
    private record Listing(MailCursor.Folder start, DeltaRound round) {
    }

    /**
     * The folder's delta round from its link, or afresh. An expired link (410 syncStateNotFound, "Use
     * delta query", synchronization reset) and a stored folder id that is gone (a folder deleted and
     * made again under the same name) start afresh: neither is the person's to fix.
     */
    private Listing list(MailCursor.Folder state, String key) {
        if (state.deltaLink() != null) {
            try {
                return new Listing(state, read(state.deltaLink()));
            } catch (PeerException.CursorExpired expired) {
                state = state.withLink(null, state.notBefore());
            } catch (FolderGone gone) {
                state = resolve(key).withLink(null, state.notBefore());
            }
        }
        try {
            return new Listing(state, read(firstDelta(state)));
        } catch (FolderGone gone) {
            MailCursor.Folder again = resolve(key).withLink(null, state.notBefore());
            return new Listing(again, read(firstDelta(again)));
        }
    }

    private DeltaRound read(String url) {
        return DeltaRound.read(client, url, "", "mail folder", "mails", DeltaRound.ITSELF, r -> failure(r, "list the marked mails"));
    }

    private static String firstDelta(MailCursor.Folder folder) {
        String url = "/me/mailFolders/" + segment(folder.id()) + "/messages/delta?$select=" + SELECT;
        // "The only supported $filter expressions are $filter=receivedDateTime+ge+{value} or ...gt..."
        if (folder.notBefore() != null) url += "&$filter=" + query("receivedDateTime ge " + folder.notBefore());
        return url;
    }

    /** The mail when it carries the mark, neither result mark, and was received on or after notBefore; else null. */
    private MailRef qualifying(JsonNode entry, String folderName, MailQuery query) {
        List<String> categories = new ArrayList<>();
        entry.path("categories").forEach(c -> categories.add(c.asString("")));
        Instant received = instant(entry.path("receivedDateTime").asString(""));
        String id = entry.path("id").asString("");
        if (received == null || id.isEmpty()) return null;
        if (!has(categories, query.marks().mark()) || has(categories, query.marks().processed())
                || has(categories, query.marks().notFound())) {
            return null;
        }
        if (query.notBefore() != null && received.isBefore(query.notBefore())) return null;
        seen.put(id, new Seen(categories, GraphItems.version(entry)));
        return new MailRef(id, folderName, received, -1);
    }

    /** The folder of a well-known name, else the top-level folder of that display name; none is a setting to fix. */
    private MailCursor.Folder resolve(String key) {
        if (WELL_KNOWN.contains(key.toLowerCase(Locale.ROOT))) {
            GraphResponse r = client.get("/me/mailFolders/" + key.toLowerCase(Locale.ROOT), Map.of());
            if (r.status() == 404) throw noFolder(key);
            if (!r.ok()) throw failure(r, "find the mail folder " + key);
            return folder(key, r.body());
        }
        // "List mailFolders": the folders under the root; a display name in quotes doubles its quotes (OData).
        GraphResponse r = client.get("/me/mailFolders?$filter=" + query("displayName eq '" + key.replace("'", "''") + "'"), Map.of());
        if (!r.ok()) throw failure(r, "find the mail folder " + key);
        for (JsonNode f : r.body().path("value")) return folder(key, f);
        throw noFolder(key);
    }

    private static MailCursor.Folder folder(String key, JsonNode f) {
        return new MailCursor.Folder(key, f.path("id").asString(""), f.path("displayName").asString(key), null, null);
    }

    private static PeerException noFolder(String key) {
        return new PeerException.Configuration("this Microsoft 365 mailbox has no mail folder '" + key + "' (setting "
                + GraphPeers.MAIL_FOLDERS + ": well-known names such as inbox and sentitems, or names of top-level folders)", null);
    }

    @Override
    public byte[] content(MailRef mail) {
        GraphResponse r = client.getBytes(messagePath(mail.id()) + "/$value", MAX_MAIL_BYTES);
        if (r.status() == 404) {
            throw new PeerException.ItemRejected("the mail is no longer in the mailbox (deleted or moved meanwhile)", null);
        }
        if (!r.ok()) throw failure(r, "read a mail");
        return r.raw() == null ? new byte[0] : r.raw();
    }

    /**
     * The categories each mail has plus {@code mark}, with If-Match of the version listed; one that
     * already has it is left alone. A 412 means the person changed the mail since it was listed: its
     * categories are read again and the PATCH sent once more, so a category just set is kept. A mail
     * gone meanwhile (404) is left. Any other failure is thrown after the others were marked: the
     * runner then keeps its cursor, and the mail is found again.
     */
    @Override
    public void mark(Collection<MailRef> mails, String mark) {
        var ids = mails.stream().map(MailRef::id).distinct().toList();
        readUnseen(ids.stream().filter(id -> !seen.containsKey(id)).toList());
        List<String> conflicted = patch(ids.stream().filter(seen::containsKey).toList(), mark, false);
        if (conflicted.isEmpty()) return;
        conflicted.forEach(seen::remove);
        readUnseen(conflicted);
        patch(conflicted.stream().filter(seen::containsKey).toList(), mark, true);
    }

    /** PATCHes those not yet marked; returns the ids answered 412 (on the last try: thrown as a failure). */
    private List<String> patch(List<String> ids, String mark, boolean lastTry) {
        var sent = new ArrayList<String>();
        var requests = new ArrayList<GraphClient.BatchRequest>();
        for (String id : ids) {
            Seen s = seen.get(id);
            if (has(s.categories(), mark)) continue;
            ObjectNode body = json.createObjectNode();
            var categories = body.putArray("categories");
            s.categories().forEach(categories::add);
            categories.add(mark);
            requests.add(new GraphClient.BatchRequest("PATCH", messagePath(id), Map.of("If-Match", GraphItems.etag(s.version())), body));
            sent.add(id);
        }
        List<GraphResponse> answers = client.batchAll(requests);
        var conflicted = new ArrayList<String>();
        PeerException failed = null;
        for (int i = 0; i < sent.size(); i++) {
            GraphResponse r = answers.get(i);
            String id = sent.get(i);
            if (r.ok()) {
                remember(id, r.body());
            } else if (r.status() == 412 && !lastTry) {
                conflicted.add(id);
            } else if (r.status() == 404) {
                seen.remove(id);
            } else if (failed == null) {
                failed = failure(r, "mark a mail " + mark);
            }
        }
        if (failed != null) throw failed;
        return conflicted;
    }

    /** Reads the categories and versions of mails not listed by this peer, in batches; those gone are left out. */
    private void readUnseen(List<String> ids) {
        if (ids.isEmpty()) return;
        var requests = ids.stream().map(id -> GraphClient.BatchRequest.get(messagePath(id) + "?$select=categories,changeKey")).toList();
        List<GraphResponse> answers = client.batchAll(requests);
        for (int i = 0; i < ids.size(); i++) {
            GraphResponse r = answers.get(i);
            if (r.ok()) remember(ids.get(i), r.body());
            else if (r.status() != 404) throw failure(r, "read the categories of a mail");
        }
    }

    private void remember(String id, JsonNode message) {
        List<String> categories = new ArrayList<>();
        message.path("categories").forEach(c -> categories.add(c.asString("")));
        seen.put(id, new Seen(categories, GraphItems.version(message)));
    }

    @Override
    public long requests() {
        return client.httpRequests();
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * A 403 means the sign-in lacks Mail.ReadWrite (a sign-in made before Koppel asked for it, or one
     * whose consent was withdrawn): the owner signs in again. Everything else as for every Graph peer.
     */
    private PeerException failure(GraphResponse r, String what) {
        if (r.status() == 403) return new PeerException.PermissionMissing(PERMISSION_MISSING);
        return GraphErrors.failure(r, what, client.clock(), "mail", DataType.EMAIL);
    }

    private static boolean has(List<String> categories, String name) {
        return categories.stream().anyMatch(c -> c.equalsIgnoreCase(name));
    }

    private static Instant instant(String value) {
        try {
            return value.isEmpty() ? null : Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String messagePath(String id) {
        return "/me/messages/" + segment(id);
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
