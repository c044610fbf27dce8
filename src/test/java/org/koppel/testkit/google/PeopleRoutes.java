package org.koppel.testkit.google;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The People API v1 calls for a user's contacts, each from its reference page:
 * <ul>
 *   <li>GET /v1/people/me/connections: https://developers.google.com/people/api/rest/v1/people.connections/list</li>
 *   <li>POST /v1/people:createContact: https://developers.google.com/people/api/rest/v1/people/createContact</li>
 *   <li>PATCH /v1/people/{id}:updateContact: https://developers.google.com/people/api/rest/v1/people/updateContact</li>
 *   <li>DELETE /v1/people/{id}:deleteContact: https://developers.google.com/people/api/rest/v1/people/deleteContact</li>
 *   <li>GET /v1/people:batchGet: https://developers.google.com/people/api/rest/v1/people/getBatchGet</li>
 *   <li>GET /v1/people/{id}: https://developers.google.com/people/api/rest/v1/people/get</li>
 *   <li>POST /v1/people:batchCreateContacts: https://developers.google.com/people/api/rest/v1/people/batchCreateContacts</li>
 *   <li>POST /v1/people:batchUpdateContacts: https://developers.google.com/people/api/rest/v1/people/batchUpdateContacts</li>
 * </ul>
 */
final class PeopleRoutes {

    static final String CONTACTS = "https://www.googleapis.com/auth/contacts";
    static final String CONTACTS_READONLY = "https://www.googleapis.com/auth/contacts.readonly";
    private static final String DOMAIN = "people.googleapis.com";

    /** A People API request, already authenticated. */
    record Request(String method, List<String> segments, Map<String, List<String>> query, JsonNode body, String user,
                   Set<String> scopes) {
        String first(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }
    }

    /** Where a listing stands between pages; the page token names it. */
    private record Listing(String user, String fingerprint, List<FakeContacts.Contact> items, int offset,
                           boolean sync, long syncSeq, Instant fullSyncAt) {
    }

    private final FakeGoogleSettings settings;
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    PeopleRoutes(FakeGoogleSettings settings) {
        this.settings = settings;
    }

    /** The kind of call, for counters and the log. */
    static String kind(Request r) {
        String path = String.join("/", r.segments());
        if (path.equals("people/me/connections")) return "connections.list";
        if (path.equals("people:createContact")) return "createContact";
        if (path.equals("people:batchGet")) return "batchGet";
        if (path.equals("people:batchCreateContacts")) return "batchCreateContacts";
        if (path.equals("people:batchUpdateContacts")) return "batchUpdateContacts";
        if (path.endsWith(":updateContact")) return "updateContact";
        if (path.endsWith(":deleteContact")) return "deleteContact";
        if (r.segments().size() == 2 && r.segments().getFirst().equals("people")) return "get";
        return "unknown";
    }

    GoogleResponse handle(Request r, FakeContacts contacts, Instant now) {
        String kind = kind(r);
        boolean write = Set.of("createContact", "updateContact", "deleteContact", "batchCreateContacts", "batchUpdateContacts").contains(kind);
        // Authorization scopes on each reference page: reads take contacts or contacts.readonly, writes contacts.
        if (write ? !r.scopes().contains(CONTACTS) : !(r.scopes().contains(CONTACTS) || r.scopes().contains(CONTACTS_READONLY))) {
            return insufficientScope(write);
        }
        return switch (kind) {
            case "connections.list" -> method(r, "GET") ? list(r, contacts, now) : notAllowed();
            case "createContact" -> method(r, "POST") ? create(r, contacts, now) : notAllowed();
            case "updateContact" -> method(r, "PATCH") ? update(r, contacts, now) : notAllowed();
            case "deleteContact" -> method(r, "DELETE") ? delete(r, contacts, now) : notAllowed();
            case "batchGet" -> method(r, "GET") ? batchGet(r, contacts) : notAllowed();
            case "batchCreateContacts" -> method(r, "POST") ? batchCreate(r, contacts, now) : notAllowed();
            case "batchUpdateContacts" -> method(r, "POST") ? batchUpdate(r, contacts, now) : notAllowed();
            case "get" -> method(r, "GET") ? get(r, contacts) : notAllowed();
            default -> GoogleResponse.notFound("The requested URL was not found on this server.");
        };
    }

    // ---- people.connections.list --------------------------------------------------------------

    private GoogleResponse list(Request r, FakeContacts contacts, Instant now) {
        Set<String> fields = fields(r.first("personFields"));
        if (fields == null) return maskRequired("personFields");
        String bad = unknown(fields, true);
        if (bad != null) return GoogleResponse.invalidArgument("Invalid personFields mask path: \"" + bad + "\".");
        // "pageSize: The number of connections to include in the response. Valid values are between 1 and 1000,
        // inclusive. Defaults to 100 if not set or set to 0."
        int pageSize;
        try {
            pageSize = r.first("pageSize") == null ? 0 : Integer.parseInt(r.first("pageSize"));
        } catch (NumberFormatException e) {
            return GoogleResponse.invalidArgument("Invalid value at 'page_size' (TYPE_INT32), \"" + r.first("pageSize") + "\"");
        }
        if (pageSize < 0 || pageSize > 1000) return GoogleResponse.invalidArgument("pageSize must be between 1 and 1000.");
        if (pageSize == 0) pageSize = 100;
        String pageToken = r.first("pageToken");
        Listing listing;
        if (pageToken != null && !pageToken.isEmpty()) {
            listing = listings.get(pageToken);
            if (listing == null || !listing.user().equals(r.user())) return GoogleResponse.invalidArgument("Page token is not valid.");
            // "When the pageToken or syncToken is specified, all other request parameters must match the first call."
            if (!listing.fingerprint().equals(fingerprint(r, true))) {
                return GoogleResponse.invalidArgument("Parameters provided to people.connections.list must match the call that "
                        + "provided the page token.");
            }
        } else {
            var started = start(r, contacts, now);
            if (started.error() != null) return started.error();
            listing = started.listing();
        }
        int end = Math.min(listing.items().size(), listing.offset() + pageSize);
        ObjectNode body = GoogleResponse.JSON.createObjectNode();
        ArrayNode connections = body.putArray("connections");
        for (FakeContacts.Contact c : listing.items().subList(listing.offset(), end)) {
            connections.add(FakeContacts.representation(c, fields));
        }
        if (end < listing.items().size()) {
            String next = "pt-" + UUID.randomUUID();
            listings.put(next, new Listing(listing.user(), listing.fingerprint(), listing.items(), end, listing.sync(),
                    listing.syncSeq(), listing.fullSyncAt()));
            body.put("nextPageToken", next);
        } else if (listing.sync()) {
            // "requestSyncToken: Whether the response should return nextSyncToken on the last page of results."
            body.put("nextSyncToken", syncToken(r.user(), listing.syncSeq(), listing.fullSyncAt(), fingerprint(r, false)));
        }
        body.put("totalItems", listing.items().size());
        body.put("totalPeople", listing.items().size());
        return GoogleResponse.json(200, body);
    }

    private record Started(Listing listing, GoogleResponse error) {
    }

    private Started start(Request r, FakeContacts contacts, Instant now) {
        String syncToken = r.first("syncToken");
        if (syncToken == null || syncToken.isEmpty()) {
            boolean sync = "true".equalsIgnoreCase(r.first("requestSyncToken"));
            return new Started(new Listing(r.user(), fingerprint(r, true), List.copyOf(contacts.live()), 0, sync,
                    contacts.visibleToSync(now, settings.syncPropagationDelay()), now), null);
        }
        String[] parts = decode(syncToken);
        if (parts == null || parts.length != 4 || !parts[0].equals(r.user())) {
            return new Started(null, GoogleResponse.invalidArgument("Sync token is not valid."));
        }
        long seq = Long.parseLong(parts[1]);
        Instant fullSyncAt = Instant.ofEpochMilli(Long.parseLong(parts[2]));
        if (!parts[3].equals(fingerprint(r, false))) {
            return new Started(null, GoogleResponse.invalidArgument("Parameters provided to people.connections.list must match "
                    + "the call that provided the sync token."));
        }
        // "Sync tokens expire 7 days after the full sync. A request with an expired sync token will get an error with
        // an google.rpc.ErrorInfo with reason "EXPIRED_SYNC_TOKEN"" (people.connections.list). The HTTP status, 410,
        // is the one the guide's sample catches ("if (e.getStatusCode() == 410) { // Sync token expired. Make full sync
        // request."): https://developers.google.com/people/v1/contacts#list_the_users_contacts_that_have_changed and
        // https://developers.google.com/people/v1/other-contacts. The canonical status name is not on either page.
        if (!now.isBefore(fullSyncAt.plus(settings.syncTokenLifetime())) || seq < contacts.expiredBefore) {
            return new Started(null, GoogleResponse.error(410, "FAILED_PRECONDITION",
                    "Sync token is expired. Clear local cache and retry call without the sync token.", "EXPIRED_SYNC_TOKEN", DOMAIN));
        }
        // "When the syncToken is specified, resources deleted since the last sync will be returned as a person with
        // PersonMetadata.deleted set to true." Incremental tokens keep the full sync's time: the 7 days run from it.
        long upTo = Math.max(seq, contacts.visibleToSync(now, settings.syncPropagationDelay()));
        return new Started(new Listing(r.user(), fingerprint(r, true), List.copyOf(contacts.changedSince(seq, upTo)), 0, true,
                upTo, fullSyncAt), null);
    }

    private static String syncToken(String user, long seq, Instant fullSyncAt, String fingerprint) {
        String raw = user + "\n" + seq + "\n" + fullSyncAt.toEpochMilli() + "\n" + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The parameters that must match between calls; a sync token is checked on the field masks and sources only. */
    private static String fingerprint(Request r, boolean paging) {
        StringBuilder b = new StringBuilder();
        r.query().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getKey().equals("pageToken"))
                .filter(e -> paging || Set.of("personFields", "sources").contains(e.getKey()))
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('&'));
        return Integer.toHexString(b.toString().hashCode());
    }

    // ---- createContact, updateContact, deleteContact ------------------------------------------

    private GoogleResponse create(Request r, FakeContacts contacts, Instant now) {
        if (r.body() == null || !r.body().isObject()) return GoogleResponse.invalidArgument("Request contains an invalid argument.");
        GoogleResponse singleton = singletons(r.body(), FakeContacts.SINGLETONS);
        if (singleton != null) return singleton;
        Set<String> fields = readMask(r);
        if (fields == null) return GoogleResponse.invalidArgument("Invalid personFields mask.");
        return GoogleResponse.json(200, FakeContacts.representation(contacts.create((ObjectNode) r.body(), now), fields));
    }

    /**
     * people.batchCreateContacts: body {@code {"contacts": [{"contactPerson": Person}], "readMask", "sources"}}, "Allows
     * up to 200 contacts in a single request"; the answer {@code {"createdPeople": [PersonResponse]}}, each with the
     * person read by readMask ("If read mask is left empty, the post-mutate-get is skipped and no data will be
     * returned"). "If not successful, returns BatchCreateContactsErrorDetails, which contains a list of errors for each
     * invalid contact": one invalid contact fails the whole request and none is created. The details' exact shape is not
     * on the page; the fake sends a 400 INVALID_ARGUMENT naming the contacts' positions.
     */
    private GoogleResponse batchCreate(Request r, FakeContacts contacts, Instant now) {
        if (r.body() == null || !r.body().path("contacts").isArray() || r.body().get("contacts").isEmpty()) {
            return GoogleResponse.invalidArgument("contacts is required.");
        }
        JsonNode list = r.body().get("contacts");
        if (list.size() > 200) return GoogleResponse.invalidArgument("Too many contacts: at most 200 in one request.");
        var invalid = new java.util.ArrayList<Integer>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode person = list.get(i).path("contactPerson");
            if (!person.isObject() || singletons(person, FakeContacts.SINGLETONS) != null) invalid.add(i);
        }
        if (!invalid.isEmpty()) return GoogleResponse.invalidArgument("Invalid contacts at positions " + invalid + ".");
        String mask = r.body().path("readMask").asString("");
        Set<String> fields = mask.isBlank() ? Set.of() : fields(mask);
        if (fields == null || unknown(fields, true) != null) return GoogleResponse.invalidArgument("Invalid readMask.");
        ObjectNode body = GoogleResponse.JSON.createObjectNode();
        ArrayNode created = body.putArray("createdPeople");
        for (JsonNode c : list) {
            FakeContacts.Contact made = contacts.create((ObjectNode) c.get("contactPerson"), now);
            ObjectNode one = created.addObject();
            one.put("httpStatusCode", 200);
            if (!fields.isEmpty()) one.set("person", FakeContacts.representation(made, fields));
            one.putObject("status");
        }
        return GoogleResponse.json(200, body);
    }

    /**
     * people.batchUpdateContacts: body {@code {"contacts": {resourceName: Person}, "updateMask", "readMask"}}, "Allows up
     * to 200 contacts in a single request"; "All specified fields will be replaced, or cleared if left empty for each
     * person"; the answer {@code {"updateResult": {resourceName: PersonResponse}}}. "If not successful, returns
     * BatchUpdateContactsErrorDetails, a list of errors corresponding to each contact": one contact in error fails the
     * request and none is changed. The page does not restate updateContact's etag rule; the fake applies it to each
     * person (a stale etag: 400 FAILED_PRECONDITION for the whole request), and the details' shape, not on the page, is
     * left out.
     */
    private GoogleResponse batchUpdate(Request r, FakeContacts contacts, Instant now) {
        JsonNode body = r.body();
        if (body == null || !body.path("contacts").isObject() || body.get("contacts").isEmpty()) {
            return GoogleResponse.invalidArgument("contacts is required.");
        }
        if (body.get("contacts").size() > 200) return GoogleResponse.invalidArgument("Too many contacts: at most 200 in one request.");
        Set<String> mask = fields(body.path("updateMask").asString(""));
        if (mask == null) return maskRequired("updateMask");
        for (String f : mask) if (!FakeContacts.CONTACT_FIELDS.contains(f)) return GoogleResponse.invalidArgument("Invalid updateMask path: \"" + f + "\".");
        String read = body.path("readMask").asString("");
        Set<String> fields = read.isBlank() ? Set.of() : fields(read);
        if (fields == null || unknown(fields, true) != null) return GoogleResponse.invalidArgument("Invalid readMask.");
        var stale = new java.util.ArrayList<String>();
        var invalid = new java.util.ArrayList<String>();
        for (var e : body.get("contacts").properties()) {
            String name = e.getKey();
            FakeContacts.Contact c = name.startsWith("people/") ? contacts.get(name.substring(7)) : null;
            String etag = e.getValue().isObject() ? etagOf(e.getValue()) : null;
            if (c == null || etag == null || singletons(e.getValue(), mask) != null) invalid.add(name);
            else if (!etag.equals(c.etag())) stale.add(name);
        }
        if (!invalid.isEmpty()) return GoogleResponse.invalidArgument("Invalid contacts: " + invalid + ".");
        if (!stale.isEmpty()) {
            return GoogleResponse.error(400, "FAILED_PRECONDITION", "Request person.etag is different than the current person.etag "
                    + "for " + stale + ". Clear local cache and get the latest person.", null, null);
        }
        ObjectNode out = GoogleResponse.JSON.createObjectNode();
        ObjectNode results = out.putObject("updateResult");
        for (var e : body.get("contacts").properties()) {
            FakeContacts.Contact c = contacts.update(e.getKey().substring(7), (ObjectNode) e.getValue(), mask, now);
            ObjectNode one = results.putObject(e.getKey());
            one.put("httpStatusCode", 200);
            one.put("requestedResourceName", e.getKey());
            if (!fields.isEmpty()) one.set("person", FakeContacts.representation(c, fields));
            one.putObject("status");
        }
        return GoogleResponse.json(200, out);
    }

    private GoogleResponse update(Request r, FakeContacts contacts, Instant now) {
        String id = contactId(r);
        Set<String> mask = fields(r.first("updatePersonFields"));
        if (mask == null) return maskRequired("updatePersonFields");
        for (String f : mask) {
            if (!FakeContacts.CONTACT_FIELDS.contains(f)) {
                return GoogleResponse.invalidArgument("Invalid updatePersonFields mask path: \"" + f + "\".");
            }
        }
        FakeContacts.Contact c = contacts.get(id);
        if (c == null) return GoogleResponse.notFound("Requested entity was not found.");
        JsonNode body = r.body();
        if (body == null || !body.isObject()) return GoogleResponse.invalidArgument("Request contains an invalid argument.");
        String etag = etagOf(body);
        // "The server returns a 400 error if person.metadata.sources is not specified for the contact to be updated"
        if (etag == null) {
            return GoogleResponse.invalidArgument("Request must set person.etag or person.metadata.sources.etag for the source "
                    + "that is being updated.");
        }
        // "The server returns a 400 error with reason "failedPrecondition" if person.metadata.sources.etag is different
        // than the contact's etag, which indicates the contact has changed since its data was read." (Older versions of
        // the page said 412; the current one says 400.)
        if (!etag.equals(c.etag())) return etagMismatch();
        GoogleResponse singleton = singletons(body, mask);
        if (singleton != null) return singleton;
        // "The server returns a 400 error if memberships are being updated and there are no contact group memberships
        // specified on the person."
        if (mask.contains("memberships") && !hasGroupMembership(body)) {
            return GoogleResponse.invalidArgument("Contact must have at least one contact group membership.");
        }
        Set<String> fields = readMask(r);
        if (fields == null) return GoogleResponse.invalidArgument("Invalid personFields mask.");
        return GoogleResponse.json(200, FakeContacts.representation(contacts.update(id, (ObjectNode) body, mask, now), fields));
    }

    private GoogleResponse delete(Request r, FakeContacts contacts, Instant now) {
        // "If successful, the response body is an empty JSON object."
        return contacts.delete(contactId(r), now) ? GoogleResponse.json(200, GoogleResponse.JSON.createObjectNode())
                : GoogleResponse.notFound("Requested entity was not found.");
    }

    // ---- get, batchGet ------------------------------------------------------------------------

    private GoogleResponse get(Request r, FakeContacts contacts) {
        Set<String> fields = fields(r.first("personFields"));
        if (fields == null) return maskRequired("personFields");
        FakeContacts.Contact c = contacts.get(r.segments().get(1));
        return c == null ? GoogleResponse.notFound("Requested entity was not found.")
                : GoogleResponse.json(200, FakeContacts.representation(c, fields));
    }

    private GoogleResponse batchGet(Request r, FakeContacts contacts) {
        // "The request returns a 400 error if 'personFields' is not specified."
        Set<String> fields = fields(r.first("personFields"));
        if (fields == null) return maskRequired("personFields");
        List<String> names = r.query().getOrDefault("resourceNames", List.of());
        if (names.isEmpty()) return GoogleResponse.invalidArgument("resourceNames is required.");
        // "There is a maximum of 200 resource names."
        if (names.size() > 200) return GoogleResponse.invalidArgument("Too many resource names: at most 200.");
        ObjectNode body = GoogleResponse.JSON.createObjectNode();
        ArrayNode responses = body.putArray("responses");
        for (String name : names) {
            ObjectNode one = responses.addObject();
            FakeContacts.Contact c = name.startsWith("people/") ? contacts.get(name.substring(7)) : null;
            if (c == null) {
                one.put("httpStatusCode", 404);
                one.putObject("status").put("code", 5).put("message", "Requested entity was not found.");
            } else {
                one.put("httpStatusCode", 200);
                one.set("person", FakeContacts.representation(c, fields));
                one.putObject("status");
            }
            one.put("requestedResourceName", name);
        }
        return GoogleResponse.json(200, body);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A FieldMask query value; null when absent or empty. */
    private static Set<String> fields(String mask) {
        if (mask == null || mask.isBlank()) return null;
        var set = new LinkedHashSet<String>();
        Arrays.stream(mask.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("person.") ? s.substring(7) : s).forEach(set::add);
        return set.isEmpty() ? null : set;
    }

    /** createContact and updateContact: "personFields: Optional ... Defaults to all fields if not set." */
    private static Set<String> readMask(Request r) {
        if (r.first("personFields") == null) {
            var all = new LinkedHashSet<>(FakeContacts.CONTACT_FIELDS);
            all.add("metadata");
            return all;
        }
        Set<String> fields = fields(r.first("personFields"));
        return fields == null || unknown(fields, true) != null ? null : fields;
    }

    private static String unknown(Set<String> fields, boolean readable) {
        for (String f : fields) {
            if (!FakeContacts.CONTACT_FIELDS.contains(f) && !(readable && FakeContacts.READ_ONLY_FIELDS.contains(f))) return f;
        }
        return null;
    }

    private static GoogleResponse maskRequired(String name) {
        return GoogleResponse.invalidArgument(name + " mask is required. Please specify one or more valid paths. Valid paths "
                + "are documented at https://developers.google.com/people/api/rest/v1/people.connections/list.");
    }

    private static String etagOf(JsonNode person) {
        if (person.hasNonNull("etag")) return person.get("etag").asString();
        for (JsonNode s : person.path("metadata").path("sources")) {
            if ("CONTACT".equals(s.path("type").asString("")) && s.hasNonNull("etag")) return s.get("etag").asString();
        }
        return null;
    }

    private static GoogleResponse etagMismatch() {
        GoogleResponse r = GoogleResponse.error(400, "FAILED_PRECONDITION",
                "Request person.etag is different than the current person.etag. Clear local cache and get the latest person.",
                null, null);
        // the reason "failedPrecondition" the page names is a legacy-style reason: it travels in error.errors[]
        ((ObjectNode) r.body().get("error")).putArray("errors").addObject()
                .put("message", r.body().get("error").get("message").asString())
                .put("domain", "global").put("reason", "failedPrecondition");
        return r;
    }

    private static GoogleResponse singletons(JsonNode person, Set<String> fields) {
        for (String f : FakeContacts.SINGLETONS) {
            if (fields.contains(f) && person.path(f).isArray() && person.path(f).size() > 1) {
                return GoogleResponse.invalidArgument("Only one " + f + " field is allowed on a contact.");
            }
        }
        return null;
    }

    private static boolean hasGroupMembership(JsonNode person) {
        for (JsonNode m : person.path("memberships")) {
            if (m.has("contactGroupMembership")) return true;
        }
        return false;
    }

    /** people/{id}:updateContact → id. */
    private static String contactId(Request r) {
        String last = r.segments().get(1);
        return last.substring(0, last.indexOf(':'));
    }

    private static boolean method(Request r, String expected) {
        return r.method().equals(expected);
    }

    private static GoogleResponse notAllowed() {
        return GoogleResponse.error(405, "UNIMPLEMENTED", "Method not allowed.", null, null);
    }

    /**
     * A token without the call's scope: 403 PERMISSION_DENIED, reason ACCESS_TOKEN_SCOPE_INSUFFICIENT, and the
     * WWW-Authenticate challenge of RFC 6750 section 3.1 (error="insufficient_scope", scope=...). The message and
     * reason are Google's usual ones, not quoted from a People API page.
     */
    private static GoogleResponse insufficientScope(boolean write) {
        return GoogleResponse.error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.",
                        "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "googleapis.com")
                .header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\", scope=\""
                        + (write ? CONTACTS : CONTACTS + " " + CONTACTS_READONLY) + "\"");
    }
}
