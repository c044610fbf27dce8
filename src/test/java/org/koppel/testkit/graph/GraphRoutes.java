package org.koppel.testkit.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.koppel.testkit.graph.FakeExchange.Response;

/**
 * The personal contacts API of Graph v1.0 as far as Koppel uses it, one method per documented call:
 * List/Create contactFolders, Get/Delete contactFolder, List/Create contacts (in a folder or the
 * default folder), Get/Update/Delete contact, contact: delta. Pages under https://learn.microsoft.com/graph/api/.
 */
final class GraphRoutes {

    private final String baseUrl;
    private final FakeGraphSettings settings;
    private final FakeCalendar calendar = new FakeCalendar();
    private final CalendarRoutes calendarRoutes;
    private final FakeTodo todo;
    private final FakeOutlookMail mail;

    GraphRoutes(String baseUrl, FakeGraphSettings settings) {
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.calendarRoutes = new CalendarRoutes(baseUrl, settings, calendar);
        this.todo = new FakeTodo(baseUrl, prefer -> pageSize(settings, prefer));
        this.mail = new FakeOutlookMail(baseUrl, prefer -> pageSize(settings, prefer));
    }

    FakeOutlookMail mail() {
        return mail;
    }

    FakeCalendar calendar() {
        return calendar;
    }

    FakeTodo todo() {
        return todo;
    }

    /** A name for the request kind, for the fake's counters. */
    static String kind(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.isEmpty()) return m + " ?";
        String calendarKind = CalendarRoutes.kind(r);
        if (calendarKind != null) return calendarKind;
        if (s.get(0).equals("todo")) return FakeTodo.kind(r);
        if (FakeOutlookMail.handles(s)) return FakeOutlookMail.kind(r);
        if (s.get(0).equals("contactFolders")) {
            return switch (s.size()) {
                case 1 -> m.equals("POST") ? "folder.create" : "folder.list";
                case 2 -> m.equals("DELETE") ? "folder.delete" : "folder.get";
                case 3 -> m.equals("POST") ? "contact.create" : "contact.list";
                case 4 -> s.get(3).equals("delta") ? "contact.delta" : contactKind(m);
                default -> m + " ?";
            };
        }
        if (s.get(0).equals("contacts")) {
            return s.size() == 1 ? (m.equals("POST") ? "contact.create" : "contact.list") : contactKind(m);
        }
        return m + " ?";
    }

    private static String contactKind(String method) {
        return switch (method) {
            case "PATCH" -> "contact.update";
            case "DELETE" -> "contact.delete";
            default -> "contact.get";
        };
    }

    Response handle(FakeExchange.Request r, FakeMailbox mailbox) {
        try {
            return route(r, mailbox);
        } catch (IllegalArgumentException badQuery) {
            return Response.error(400, "BadRequest", badQuery.getMessage());
        }
    }

    private Response route(FakeExchange.Request r, FakeMailbox mb) {
        Response calendarAnswer = calendarRoutes.handle(r);
        if (calendarAnswer != null) return calendarAnswer;
        List<String> s = r.segments();
        String m = r.method();
        if (s.size() >= 1 && s.get(0).equals("todo")) return todo.handle(r);
        if (FakeOutlookMail.handles(s)) return mail.handle(r);
        if (s.size() >= 1 && s.get(0).equals("contactFolders")) {
            if (s.size() == 1) return m.equals("POST") ? createFolder(r, mb) : m.equals("GET") ? listFolders(r, mb) : notAllowed();
            String folderId = s.get(1);
            if (!mb.hasFolder(folderId)) return notFound();
            if (s.size() == 2) {
                if (m.equals("GET")) return Response.json(200, folderJson(mb, folderId));
                if (m.equals("DELETE")) return mb.deleteFolder(folderId) ? Response.empty(204) : notAllowed();
                return notAllowed();
            }
            if (!s.get(2).equals("contacts")) return notFound();
            if (s.size() == 3) return m.equals("POST") ? createContact(r, mb, folderId) : m.equals("GET") ? listContacts(r, mb, folderId) : notAllowed();
            if (s.size() == 4 && s.get(3).equals("delta")) return m.equals("GET") ? delta(r, mb, folderId) : notAllowed();
            if (s.size() == 4) return contact(r, mb, s.get(3), folderId);
            return notFound();
        }
        if (s.size() >= 1 && s.get(0).equals("contacts")) {
            if (s.size() == 1) {
                return m.equals("POST") ? createContact(r, mb, mb.defaultFolderId)
                        : m.equals("GET") ? listContacts(r, mb, mb.defaultFolderId) : notAllowed();
            }
            // GET /me/contacts/{id} finds a contact of any folder of the mailbox.
            if (s.size() == 2) return contact(r, mb, s.get(1), null);
        }
        return Response.error(400, "BadRequest", "Resource not found for the segment '" + String.join("/", s) + "' (not in the fake)");
    }

    // ---- folders ------------------------------------------------------------------------------

    /** "List contactFolders": the folders in the default Contacts folder; $filter on displayName, $top. */
    private Response listFolders(FakeExchange.Request r, FakeMailbox mb) {
        String filter = r.query().get("$filter");
        String name = filter == null ? null : ODataQuery.displayNameFilter(filter);
        int top = r.query().containsKey("$top") ? Integer.parseInt(r.query().get("$top")) : 10;
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        mb.folders().stream().filter(f -> name == null || f.displayName().equalsIgnoreCase(name)).limit(top)
                .forEach(f -> value.add(folderJson(mb, f.id())));
        return Response.json(200, body);
    }

    private Response createFolder(FakeExchange.Request r, FakeMailbox mb) {
        String name = r.body() == null ? "" : r.body().path("displayName").asString("");
        if (name.isBlank()) return Response.error(400, "ErrorInvalidRequest", "displayName is required");
        boolean taken = mb.folders().stream().anyMatch(f -> f.displayName().equalsIgnoreCase(name));
        // Exchange refuses a second folder of the same name at the same level.
        if (taken) return Response.error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        return Response.json(201, folderJson(mb, mb.addFolder(name).id()));
    }

    private static ObjectNode folderJson(FakeMailbox mb, String folderId) {
        FakeMailbox.Folder f = mb.folders().stream().filter(x -> x.id().equals(folderId)).findFirst()
                .orElse(new FakeMailbox.Folder(mb.defaultFolderId, "Contacts", null));
        ObjectNode json = FakeExchange.JSON.createObjectNode().put("id", f.id()).put("displayName", f.displayName());
        json.put("parentFolderId", f.parentFolderId());
        return json;
    }

    // ---- contacts -----------------------------------------------------------------------------

    private Response createContact(FakeExchange.Request r, FakeMailbox mb, String folderId) {
        String problem = ContactShape.problem(r.body());
        if (problem != null) return Response.error(400, "BadRequest", problem);
        FakeMailbox.Contact c = mb.create(folderId, r.body());
        Response created = Response.json(201, mb.representation(c, null, null));
        mb.mergeByEmail(c); // after the answer was made: the merge is Outlook's own later change
        return created;
    }

    /** "List contacts", with the extended property $filter of "Get singleValueLegacyExtendedProperty", $top and $skip. */
    private Response listContacts(FakeExchange.Request r, FakeMailbox mb, String folderId) {
        var q = ODataQuery.ListQuery.of(r.query());
        ODataQuery.ExtendedFilter ep = q.filter();
        int top = q.top();
        int skip = q.skip();
        // "Filtering the value property of an extended property is case-insensitive."
        List<FakeMailbox.Contact> matching = mb.contacts(folderId).stream()
                .filter(c -> ep == null || ep.value().equalsIgnoreCase(mb.extendedValue(c, ep.id())))
                .toList();
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        matching.stream().skip(skip).limit(top).forEach(c -> value.add(mb.representation(c, q.select(), q.expand())));
        if (skip + top < matching.size()) {
            body.put("@odata.nextLink", baseUrl + r.path() + "?" + requery(r, "$skip", Integer.toString(skip + top)));
        }
        return Response.json(200, body);
    }

    private Response contact(FakeExchange.Request r, FakeMailbox mb, String contactId, String folderId) {
        FakeMailbox.Contact c = mb.get(contactId);
        if (c == null || (folderId != null && !c.folderId.equals(folderId))) return notFound();
        switch (r.method()) {
            case "GET" -> {
                return Response.json(200, mb.representation(c, ODataQuery.select(r.query().get("$select")),
                        ODataQuery.expandedIds(r.query().get("$expand"))));
            }
            case "PATCH" -> {
                Response refused = precondition(r, c.changeKey);
                if (refused != null) return refused;
                String problem = ContactShape.problem(r.body());
                if (problem != null) return Response.error(400, "BadRequest", problem);
                return Response.json(200, mb.representation(mb.patch(contactId, r.body()), null, null));
            }
            case "DELETE" -> {
                Response refused = precondition(r, c.changeKey);
                if (refused != null) return refused;
                mb.delete(contactId);
                return Response.empty(204);
            }
            default -> {
                return notAllowed();
            }
        }
    }

    /**
     * If-Match with the version read. "Update contact" does not document If-Match; the Graph error
     * page gives 412 for "a precondition provided in the request (such as an if-match header) does
     * not match the resource's current state", and Exchange answers a stale change key with 412
     * ErrorIrresolvableConflict (as reported in microsoftgraph/microsoft-graph-docs issue 2256 and
     * msgraph-sdk-dotnet issue 1201). Both the {@code @odata.etag} form (W/"key") and the bare
     * changeKey are accepted.
     */
    static Response precondition(FakeExchange.Request r, String changeKey) {
        String ifMatch = r.header("If-Match");
        if (ifMatch == null || ifMatch.strip().equals("*")) return null;
        String given = ifMatch.strip();
        if (given.startsWith("W/")) given = given.substring(2);
        given = given.replace("\"", "");
        if (given.equals(changeKey)) return null;
        return Response.error(412, "ErrorIrresolvableConflict", "The send or update operation could not be performed because "
                + "the change key passed in the request does not match the current change key for the item.");
    }

    // ---- delta --------------------------------------------------------------------------------

    /**
     * "contact: delta": $select only (the page documents no $expand, so one is refused here, and a
     * client must read extended properties otherwise), paging by Prefer: odata.maxpagesize, state
     * tokens in @odata.nextLink ($skiptoken) and @odata.deltaLink ($deltatoken). An expired token is
     * 410 Gone with syncStateNotFound ("Use delta query": token duration, synchronization reset;
     * error codes page).
     */
    private Response delta(FakeExchange.Request r, FakeMailbox mb, String folderId) {
        if (r.query().containsKey("$expand")) {
            return Response.error(400, "ErrorInvalidUrlQuery", "$expand is not supported by contact delta in this fake "
                    + "(the contact: delta page documents $select only)");
        }
        int size = pageSize(settings, r.header("Prefer"));
        FakeMailbox.DeltaPage page;
        try {
            String skip = r.query().get("$skiptoken");
            page = skip != null ? mb.continueDelta(folderId, skip, size)
                    : mb.startDelta(folderId, emptyToNull(r.query().get("$deltatoken")), ODataQuery.select(r.query().get("$select")), size);
        } catch (FakeMailbox.TokenExpired expired) {
            return syncStateNotFound().header("Location", baseUrl + r.path());
        }
        return deltaPage(baseUrl, r, "contact", page.value(), page.skipToken(), page.deltaToken(), size);
    }

    /** An expired delta or skip token: 410 Gone, syncStateNotFound. */
    static Response syncStateNotFound() {
        return Response.error(410, "syncStateNotFound", "The sync state generation is not found. The delta token is expired "
                + "and data must be synchronized again.");
    }

    /** A delta page: its entries and the nextLink with the skip token, or the deltaLink with the delta token. */
    static Response deltaPage(String baseUrl, FakeExchange.Request r, String entityType, List<ObjectNode> entries, String skipToken,
                              String deltaToken, int size) {
        ObjectNode body = FakeExchange.JSON.createObjectNode();
        body.put("@odata.context", baseUrl + "/$metadata#Collection(" + entityType + ")");
        String link = baseUrl + r.path() + "?";
        if (skipToken != null) body.put("@odata.nextLink", link + "$skiptoken=" + skipToken);
        else body.put("@odata.deltaLink", link + "$deltatoken=" + deltaToken);
        ArrayNode value = body.putArray("value");
        entries.forEach(value::add);
        return Response.json(200, body).header("Preference-Applied", "odata.maxpagesize=" + size);
    }

    /** {@code Prefer: odata.maxpagesize}, within the fake's limits. */
    static int pageSize(FakeGraphSettings settings, String prefer) {
        int size = settings.defaultPageSize();
        if (prefer != null) {
            for (String part : prefer.split(",")) {
                String p = part.strip();
                if (p.startsWith("odata.maxpagesize=")) size = Integer.parseInt(p.substring("odata.maxpagesize=".length()).strip());
            }
        }
        return Math.max(1, Math.min(size, settings.maxPageSize()));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String requery(FakeExchange.Request r, String name, String value) {
        var q = new java.util.LinkedHashMap<>(r.query());
        q.put(name, value);
        var parts = new java.util.ArrayList<String>();
        q.forEach((k, v) -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return String.join("&", parts);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static Response notFound() {
        return Response.error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }

    static Response notAllowed() {
        return Response.error(405, "ErrorInvalidRequest", "The OData request is not supported.");
    }
}
