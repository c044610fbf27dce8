package org.koppel.testkit.graph;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.koppel.testkit.graph.FakeExchange.Response;

/**
 * Outlook mail in the Graph fake: mail folders and messages of each mailbox, written from the v1.0
 * reference pages (cited at each call) because the real service cannot run here. A test hands each
 * message over as its MIME bytes ({@link #deliver}); the fake keeps those bytes for {@code $value}
 * and derives the JSON properties from them with Jakarta Mail, as Exchange fills them from the
 * headers it received.
 *
 * <ul>
 * <li>mailFolder (https://learn.microsoft.com/graph/api/resources/mailfolder): every mailbox has the
 * folders of the well-known names below ("Well-known names work regardless of the locale of the
 * user's mailbox"), addressed by id or by that name: {@code GET /me/mailFolders/{id}} ("Get mailFolder",
 * https://learn.microsoft.com/graph/api/mailfolder-get); {@code GET /me/mailFolders?$filter=displayName eq '...'}
 * lists the top-level folders ("List mailFolders", https://learn.microsoft.com/graph/api/user-list-mailfolders).</li>
 * <li>message (https://learn.microsoft.com/graph/api/resources/message): id, internetMessageId,
 * subject, from, sender, toRecipients, ccRecipients, receivedDateTime, sentDateTime, categories,
 * changeKey, {@code @odata.etag}, parentFolderId, createdDateTime, lastModifiedDateTime, isRead,
 * isDraft. Every change gives a new changeKey (as contacts and events: "Every time the item is
 * changed, ChangeKey changes as well").</li>
 * <li>"message: delta" (https://learn.microsoft.com/graph/api/message-delta) and "Get incremental
 * changes to messages in a folder" (https://learn.microsoft.com/graph/delta-query-messages): per folder;
 * $select ("The id property is always returned"); paging by {@code Prefer: odata.maxpagesize} with
 * $skiptoken in @odata.nextLink and $deltatoken in @odata.deltaLink, the query options of the first
 * request encoded into the tokens; a round from a deltaLink returns only the messages changed since
 * (created, changed in any way: a category too, moved in) and {@code @removed} for those deleted or
 * moved out. "The only supported $filter expressions are $filter=receivedDateTime+ge+{value} or
 * $filter=receivedDateTime+gt+{value}", "Applying $filter in a delta query returns only up to 5,000
 * messages", "The only supported $orderby expression is $orderby=receivedDateTime+desc. If you don't
 * include an $orderby expression, the return order isn't guaranteed" (this fake returns the order of
 * the last change, not of reception), "There is no support for $search": anything else is 400. An
 * expired or unknown token is 410 Gone syncStateNotFound ("Use delta query", synchronization reset,
 * https://learn.microsoft.com/graph/delta-query-overview).</li>
 * <li>{@code GET /me/messages/{id}/$value}: "returns the message content in MIME format, and not a
 * message resource", Content-type text/plain ("Get message", example 4,
 * https://learn.microsoft.com/graph/api/message-get; "Get MIME content of a message",
 * https://learn.microsoft.com/graph/outlook-get-mime-message).</li>
 * <li>{@code PATCH /me/messages/{id}} ("Update message", https://learn.microsoft.com/graph/api/message-update):
 * categories ("String collection": the whole collection is replaced), isRead, flag; the answer is the
 * updated message. If-Match with a stale changeKey is 412 as for contacts ({@link GraphRoutes#precondition}).
 * A category need not be in the master list: "You can apply a category to an item by assigning the
 * displayName property of the category to the categories collection of the item" (outlookCategory,
 * https://learn.microsoft.com/graph/api/resources/outlookcategory); Outlook shows one it does not know
 * without a colour.</li>
 * <li>Permissions, from each page's table: reading (folders, delta, message, $value) needs Mail.Read or
 * Mail.ReadWrite (delta and folders also Mail.ReadBasic, but $value, the body, not), updating needs
 * Mail.ReadWrite; a token without is answered 403 ErrorAccessDenied ("Access is denied. Check
 * credentials and try again.", the answer Outlook gives to a token that lacks the scope).</li>
 * </ul>
 * Mail calls are Outlook calls: counted and throttled per mailbox with the contacts and calendar calls
 * ({@link MailboxThrottle}, "Outlook service limits", https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits),
 * each request inside a JSON batch on its own.
 *
 * <p>Test hooks play the user in Outlook: {@link #deliver}, {@link #userCategorize}, {@link #userMove},
 * {@link #userDelete}, {@link #userCreateFolder}; the service: {@link #expireDeltaTokens}.
 */
public final class FakeOutlookMail {

    /** Some of the documented well-known names, with the English display names of their folders. */
    static final Map<String, String> WELL_KNOWN = Map.of(
            "inbox", "Inbox", "sentitems", "Sent Items", "drafts", "Drafts", "deleteditems", "Deleted Items",
            "junkemail", "Junk Email", "archive", "Archive", "outbox", "Outbox");
    /** "Applying $filter in a delta query returns only up to 5,000 messages." */
    static final int FILTERED_DELTA_LIMIT = 5_000;
    private static final Pattern RECEIVED_FILTER = Pattern.compile("^receivedDateTime\\s+(ge|gt)\\s+(\\S+)$");
    private static final Pattern DISPLAY_NAME = Pattern.compile("^displayName eq '((?:[^']|'')*)'$");
    private static final Set<String> WRITABLE = Set.of("categories", "isRead", "flag");

    private final String baseUrl;
    private final ToIntFunction<String> pageSize;
    private final Map<String, Box> boxes = new ConcurrentHashMap<>();

    FakeOutlookMail(String baseUrl, ToIntFunction<String> pageSize) {
        this.baseUrl = baseUrl;
        this.pageSize = pageSize;
    }

    /** One mailbox's mail: folders with their messages, a change sequence for delta, and the delta states handed out. */
    private static final class Box {
        final Map<String, Folder> folders = new LinkedHashMap<>();
        final Map<String, DeltaState> tokens = new HashMap<>();
        long sequence;
    }

    private static final class Folder {
        final String id = "AAMkAGZvbGRlc" + UUID.randomUUID().toString().replace("-", "") + "AAA=";
        final String displayName;
        final String wellKnown;
        final Map<String, Message> messages = new LinkedHashMap<>();
        /** Ids that left the folder (deleted, moved out) with the sequence of their leaving, for delta's @removed. */
        final Map<String, Long> removed = new LinkedHashMap<>();

        Folder(String displayName, String wellKnown) {
            this.displayName = displayName;
            this.wellKnown = wellKnown;
        }
    }

    private static final class Message {
        final String id = "AAMkAGVtYWls" + UUID.randomUUID().toString().replace("-", "") + "AAA=";
        final byte[] mime;
        final ObjectNode headers;
        final Instant received;
        final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final List<String> categories = new ArrayList<>();
        ObjectNode other = FakeExchange.JSON.createObjectNode().put("isRead", false).put("isDraft", false);
        String folderId;
        String changeKey;
        Instant modified = created;
        long sequence;

        Message(byte[] mime, ObjectNode headers, Instant received, String folderId) {
            this.mime = mime;
            this.headers = headers;
            this.received = received.truncatedTo(ChronoUnit.SECONDS);
            this.folderId = folderId;
        }
    }

    /**
     * A delta round's state: what the first request asked for (folder, $select, the received filter)
     * and the changes it covers, sequences in (since, upTo]; offset is the next page's start.
     */
    private record DeltaState(String folderId, long since, long upTo, int offset, Set<String> select, String filterOp,
                              Instant filterAt) {
    }

    // ---- the user in Outlook ------------------------------------------------------------------

    /** The id of a folder given by its well-known name ("inbox", "sentitems") or its id. */
    public synchronized String folderId(String mailbox, String folder) {
        return folder(box(mailbox), folder).orElseThrow(() -> new IllegalArgumentException("no folder " + folder)).id;
    }

    /** The user makes a folder at the top of the mailbox. */
    public synchronized String userCreateFolder(String mailbox, String displayName) {
        var f = new Folder(displayName, null);
        box(mailbox).folders.put(f.id, f);
        return f.id;
    }

    /**
     * A message arrives in (or is sent from) the folder ({@code inbox}, {@code sentitems} or an id):
     * {@code mime} as it came over SMTP, received at {@code received}. Returns its id.
     */
    public synchronized String deliver(String mailbox, String folder, byte[] mime, Instant received) {
        Box box = box(mailbox);
        Folder f = folder(box, folder).orElseThrow(() -> new IllegalArgumentException("no folder " + folder));
        var m = new Message(mime.clone(), headers(mime), received, f.id);
        f.messages.put(m.id, m);
        changed(box, m);
        return m.id;
    }

    public String deliver(String mailbox, String folder, String mime, Instant received) {
        return deliver(mailbox, folder, mime.getBytes(StandardCharsets.UTF_8), received);
    }

    /** The user sets the message's categories in Outlook (the whole collection), as Outlook's Categorize menu does. */
    public synchronized void userCategorize(String mailbox, String messageId, String... categories) {
        Box box = box(mailbox);
        Message m = find(box, messageId).orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        m.categories.clear();
        m.categories.addAll(List.of(categories));
        changed(box, m);
    }

    /** The user moves the message to another folder: it leaves one folder's delta (@removed) and enters the other's. */
    public synchronized void userMove(String mailbox, String messageId, String folder) {
        Box box = box(mailbox);
        Message m = find(box, messageId).orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        Folder to = folder(box, folder).orElseThrow(() -> new IllegalArgumentException("no folder " + folder));
        Folder from = box.folders.get(m.folderId);
        from.messages.remove(m.id);
        from.removed.put(m.id, ++box.sequence);
        m.folderId = to.id;
        to.messages.put(m.id, m);
        changed(box, m);
    }

    public synchronized void userDelete(String mailbox, String messageId) {
        Box box = box(mailbox);
        Message m = find(box, messageId).orElseThrow(() -> new IllegalArgumentException("no message " + messageId));
        Folder from = box.folders.get(m.folderId);
        from.messages.remove(m.id);
        from.removed.put(m.id, ++box.sequence);
    }

    /** The message as Graph returns it; empty when gone. */
    public synchronized Optional<ObjectNode> message(String mailbox, String messageId) {
        return find(box(mailbox), messageId).map(m -> json(box(mailbox), m, null));
    }

    public List<String> categories(String mailbox, String messageId) {
        List<String> names = new ArrayList<>();
        message(mailbox, messageId).orElseThrow().path("categories").forEach(c -> names.add(c.asString()));
        return names;
    }

    /** Every delta and skip token of the mailbox's mail expires: the next delta with one is 410 syncStateNotFound. */
    public synchronized void expireDeltaTokens(String mailbox) {
        box(mailbox).tokens.clear();
    }

    // ---- routes -------------------------------------------------------------------------------

    /** Whether the path (after /me) is a mail call: mailFolders/... or messages/... */
    static boolean handles(List<String> s) {
        return !s.isEmpty() && (s.get(0).equals("mailFolders") || s.get(0).equals("messages"));
    }

    /** For the fake's counters: mail.folder.*, mail.delta, mail.get, mail.mime, mail.update. */
    static String kind(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.get(0).equals("mailFolders")) {
            if (s.size() == 1) return "mail.folder.list";
            if (s.size() == 2) return "mail.folder.get";
            if (s.size() == 4 && s.get(2).equals("messages") && s.get(3).equals("delta")) return "mail.delta";
            return m + " mail?";
        }
        if (s.size() == 2) return m.equals("PATCH") ? "mail.update" : "mail.get";
        if (s.size() == 3 && s.get(2).equals("$value")) return "mail.mime";
        return m + " mail?";
    }

    synchronized Response handle(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        Box box = box(r.mailbox());
        boolean writes = !m.equals("GET");
        // Permissions tables of the pages cited above: reading needs Mail.Read (delta and folders: Mail.ReadBasic
        // would do, but not for the body), Update message needs Mail.ReadWrite.
        if (writes ? !r.granted("Mail.ReadWrite") : !r.granted("Mail.Read", "Mail.ReadWrite")) {
            return Response.error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        if (s.get(0).equals("mailFolders")) {
            if (s.size() == 1) return m.equals("GET") ? listFolders(r, box) : GraphRoutes.notAllowed();
            Optional<Folder> folder = folder(box, s.get(1));
            if (folder.isEmpty()) return GraphRoutes.notFound();
            if (s.size() == 2) return m.equals("GET") ? Response.json(200, folderJson(folder.get())) : GraphRoutes.notAllowed();
            if (s.size() == 4 && s.get(2).equals("messages") && s.get(3).equals("delta")) {
                return m.equals("GET") ? delta(r, box, folder.get()) : GraphRoutes.notAllowed();
            }
            return FakeTodo.badRequest(s);
        }
        if (s.size() < 2 || s.size() > 3) return FakeTodo.badRequest(s);
        Optional<Message> message = find(box, s.get(1));
        if (message.isEmpty()) return GraphRoutes.notFound();
        if (s.size() == 3) {
            if (!s.get(2).equals("$value")) return FakeTodo.badRequest(s);
            // "Content-type: text/plain" in the documented example, whatever the mail's own type.
            return m.equals("GET") ? Response.bytes(200, "text/plain", message.get().mime.clone()) : GraphRoutes.notAllowed();
        }
        return switch (m) {
            case "GET" -> Response.json(200, json(box, message.get(), ODataQuery.select(r.query().get("$select"))));
            case "PATCH" -> update(r, box, message.get());
            default -> GraphRoutes.notAllowed();
        };
    }

    /** "List mailFolders": the top-level folders, optionally those of one display name (case-insensitive, as Exchange compares). */
    private Response listFolders(FakeExchange.Request r, Box box) {
        String filter = r.query().get("$filter");
        String name = null;
        if (filter != null) {
            Matcher f = DISPLAY_NAME.matcher(filter.strip());
            if (!f.matches()) return Response.error(400, "ErrorInvalidUrlQueryFilter", "unsupported $filter (in the fake): " + filter);
            name = f.group(1).replace("''", "'");
        }
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#users('me')/mailFolders");
        ArrayNode value = body.putArray("value");
        for (Folder folder : box.folders.values()) {
            if (name == null || folder.displayName.equalsIgnoreCase(name)) value.add(folderJson(folder));
        }
        return Response.json(200, body);
    }

    private Response update(FakeExchange.Request r, Box box, Message m) {
        Response refused = GraphRoutes.precondition(r, m.changeKey);
        if (refused != null) return refused;
        JsonNode body = r.body();
        if (body == null || !body.isObject()) return Response.error(400, "BadRequest", "a JSON object is required");
        for (String name : body.propertyNames()) {
            if (!WRITABLE.contains(name)) {
                return Response.error(400, "ErrorInvalidProperty", "'" + name + "' is not updatable in this fake (Koppel only changes categories)");
            }
        }
        if (body.has("categories")) {
            JsonNode c = body.get("categories");
            if (!c.isArray()) return Response.error(400, "BadRequest", "categories must be a collection of strings");
            var names = new ArrayList<String>();
            for (JsonNode n : c) {
                if (!n.isString()) return Response.error(400, "BadRequest", "categories must be a collection of strings");
                names.add(n.asString());
            }
            m.categories.clear();
            m.categories.addAll(names);
        }
        if (body.has("isRead")) m.other.set("isRead", body.get("isRead"));
        if (body.has("flag")) m.other.set("flag", body.get("flag"));
        changed(box, m);
        return Response.json(200, json(box, m, null));
    }

    /** "message: delta" on one folder; see the class comment for what is honoured and what refused. */
    private Response delta(FakeExchange.Request r, Box box, Folder folder) {
        var q = r.query();
        DeltaState state;
        String skip = q.get("$skiptoken");
        String deltaToken = q.get("$deltatoken");
        if (skip != null || (deltaToken != null && !deltaToken.isEmpty())) {
            DeltaState known = box.tokens.get(skip != null ? skip : deltaToken);
            if (known == null || !known.folderId().equals(folder.id)) return GraphRoutes.syncStateNotFound();
            state = skip != null ? known
                    : new DeltaState(folder.id, known.upTo(), box.sequence, 0, known.select(), known.filterOp(), known.filterAt());
        } else {
            for (String option : q.keySet()) {
                if (!Set.of("$select", "$filter", "$orderby").contains(option)) {
                    return Response.error(400, "ErrorInvalidUrlQuery", option + " is not supported on message delta"
                            + (option.equals("$search") ? "" : " in this fake"));
                }
            }
            String orderBy = q.get("$orderby");
            if (orderBy != null && !orderBy.strip().replaceAll("\\s+", " ").equals("receivedDateTime desc")) {
                return Response.error(400, "ErrorInvalidUrlQuery", "The only supported $orderby expression is receivedDateTime desc");
            }
            if (orderBy != null) return Response.error(400, "ErrorInvalidUrlQuery", "$orderby is documented but not in this fake");
            String op = null;
            Instant at = null;
            String filter = q.get("$filter");
            if (filter != null) {
                Matcher f = RECEIVED_FILTER.matcher(filter.strip());
                if (!f.matches()) {
                    return Response.error(400, "ErrorInvalidUrlQueryFilter", "The only supported $filter expressions on message delta "
                            + "are receivedDateTime ge {value} and receivedDateTime gt {value}");
                }
                op = f.group(1);
                try {
                    at = OffsetDateTime.parse(f.group(2)).toInstant();
                } catch (DateTimeException e) {
                    return Response.error(400, "ErrorInvalidUrlQueryFilter", "'" + f.group(2) + "' is not a date and time");
                }
            }
            state = new DeltaState(folder.id, -1, box.sequence, 0, ODataQuery.select(q.get("$select")), op, at);
        }
        List<ObjectNode> entries = entries(box, folder, state);
        int size = pageSize.applyAsInt(r.header("Prefer"));
        int end = Math.min(entries.size(), state.offset() + size);
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#Collection(message)");
        String link = baseUrl + r.path() + "?";
        if (end < entries.size()) {
            body.put("@odata.nextLink", link + "$skiptoken=" + token(box, new DeltaState(folder.id, state.since(), state.upTo(), end,
                    state.select(), state.filterOp(), state.filterAt())));
        } else {
            body.put("@odata.deltaLink", link + "$deltatoken=" + token(box, new DeltaState(folder.id, state.upTo(), state.upTo(), 0,
                    state.select(), state.filterOp(), state.filterAt())));
        }
        ArrayNode value = body.putArray("value");
        entries.subList(Math.min(state.offset(), entries.size()), end).forEach(value::add);
        return Response.json(200, body).header("Preference-Applied", "odata.maxpagesize=" + size);
    }

    /** The round's entries: the messages changed in (since, upTo] that pass the filter, then those that left. */
    private List<ObjectNode> entries(Box box, Folder folder, DeltaState s) {
        var entries = new ArrayList<ObjectNode>();
        folder.messages.values().stream()
                .filter(m -> m.sequence > s.since() && m.sequence <= s.upTo())
                .filter(m -> s.filterOp() == null || (s.filterOp().equals("ge") ? !m.received.isBefore(s.filterAt()) : m.received.isAfter(s.filterAt())))
                .sorted(Comparator.comparingLong(m -> m.sequence))
                .limit(s.filterOp() == null ? Long.MAX_VALUE : FILTERED_DELTA_LIMIT)
                .forEach(m -> entries.add(json(box, m, s.select())));
        if (s.since() >= 0) {
            folder.removed.entrySet().stream().filter(e -> e.getValue() > s.since() && e.getValue() <= s.upTo())
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(e -> {
                        ObjectNode gone = FakeExchange.JSON.createObjectNode().put("@odata.type", "#microsoft.graph.message").put("id", e.getKey());
                        gone.putObject("@removed").put("reason", "deleted");
                        entries.add(gone);
                    });
        }
        return entries;
    }

    // ---- state --------------------------------------------------------------------------------

    private void changed(Box box, Message m) {
        m.changeKey = "CQAAABYAAAA" + Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        m.modified = now.isAfter(m.modified) ? now : m.modified;
        m.sequence = ++box.sequence;
        box.folders.get(m.folderId).removed.remove(m.id);
    }

    private String token(Box box, DeltaState state) {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        box.tokens.put(token, state);
        return token;
    }

    private ObjectNode json(Box box, Message m, Set<String> select) {
        ObjectNode all = FakeExchange.JSON.createObjectNode();
        all.put("@odata.etag", "W/\"" + m.changeKey + "\"");
        all.put("id", m.id);
        all.put("createdDateTime", m.created.toString());
        all.put("lastModifiedDateTime", m.modified.toString());
        all.put("changeKey", m.changeKey);
        ArrayNode categories = all.putArray("categories");
        m.categories.forEach(categories::add);
        all.put("receivedDateTime", m.received.toString());
        all.setAll(m.headers.deepCopy());
        all.put("parentFolderId", m.folderId);
        all.setAll(m.other.deepCopy());
        return ODataQuery.shaped(all, select, null, Map.of());
    }

    /** The properties Exchange fills from the headers: internetMessageId, subject, from, sender, recipients, sentDateTime. */
    private static ObjectNode headers(byte[] mime) {
        ObjectNode h = FakeExchange.JSON.createObjectNode();
        try {
            var message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
            String id = message.getMessageID();
            if (id != null) h.put("internetMessageId", id.strip());
            h.put("subject", message.getSubject() == null ? "" : message.getSubject());
            Address[] from = message.getFrom();
            if (from != null && from.length > 0) {
                h.set("from", recipient(from[0]));
                h.set("sender", recipient(message.getSender() != null ? message.getSender() : from[0]));
            }
            h.set("toRecipients", recipients(message.getRecipients(RecipientType.TO)));
            h.set("ccRecipients", recipients(message.getRecipients(RecipientType.CC)));
            if (message.getSentDate() != null) h.put("sentDateTime", message.getSentDate().toInstant().toString());
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a mail: " + e.getMessage(), e);
        }
        return h;
    }

    private static ArrayNode recipients(Address[] addresses) {
        ArrayNode list = FakeExchange.JSON.createArrayNode();
        if (addresses != null) for (Address a : addresses) list.add(recipient(a));
        return list;
    }

    private static ObjectNode recipient(Address a) {
        ObjectNode r = FakeExchange.JSON.createObjectNode();
        ObjectNode e = r.putObject("emailAddress");
        if (a instanceof InternetAddress ia) {
            e.put("name", ia.getPersonal() != null ? ia.getPersonal() : ia.getAddress());
            e.put("address", ia.getAddress());
        } else {
            e.put("name", a.toString()).put("address", a.toString());
        }
        return r;
    }

    private static ObjectNode folderJson(Folder f) {
        return FakeExchange.JSON.createObjectNode().put("id", f.id).put("displayName", f.displayName)
                .put("parentFolderId", "AAMkAGRvb3RzAAA=").put("childFolderCount", 0)
                .put("unreadItemCount", 0).put("totalItemCount", f.messages.size()).put("isHidden", false);
    }

    private Optional<Folder> folder(Box box, String idOrName) {
        Folder byId = box.folders.get(idOrName);
        if (byId != null) return Optional.of(byId);
        String name = idOrName.toLowerCase(Locale.ROOT);
        return box.folders.values().stream().filter(f -> name.equals(f.wellKnown)).findFirst();
    }

    private static Optional<Message> find(Box box, String messageId) {
        return box.folders.values().stream().map(f -> f.messages.get(messageId)).filter(java.util.Objects::nonNull).findFirst();
    }

    private Box box(String mailbox) {
        return boxes.computeIfAbsent(mailbox, m -> {
            var box = new Box();
            WELL_KNOWN.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                var f = new Folder(e.getValue(), e.getKey());
                box.folders.put(f.id, f);
            });
            return box;
        });
    }
}
