package org.koppel.connector.google;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.koppel.connector.AccessTokens;
import org.koppel.connector.PeerException;
import org.koppel.connector.google.GoogleHttp.Answer;
import org.springframework.http.HttpMethod;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A thin client of the People API v1 contact calls over {@link GoogleHttp} (shared with the Calendar and
 * Tasks clients): bearer tokens, answers read within limits, no redirects (so a token never goes to
 * another host), plain http only to loopback (the Google fake), and Google's
 * errors (https://cloud.google.com/apis/design/errors) turned into the typed failures of sync rule 12.
 * It knows nothing of slots.
 *
 * <ul>
 * <li>401: the token is renewed once ({@link AccessTokens#renew}) and the request repeated; a second
 * 401 is {@link PeerException.AuthExpired}.</li>
 * <li>403 with too few scopes ({@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}, {@code error="insufficient_scope"}):
 * {@link PeerException.PermissionMissing}, a sign-in to renew; any other 403 (the API not enabled for
 * the app, say) is {@link PeerException.Configuration}.</li>
 * <li>410 {@code EXPIRED_SYNC_TOKEN} ("Sync tokens expire 7 days after the full sync",
 * https://developers.google.com/people/api/rest/v1/people.connections/list; the guide's sample keys on 410,
 * https://developers.google.com/people/v1/contacts#list_the_users_contacts_that_have_changed):
 * {@link PeerException.CursorExpired}, so the engine lists everything and reconciles against its links.</li>
 * <li>429 RESOURCE_EXHAUSTED, 500, 503: waited out inside the run per Retry-After, else by Google's
 * truncated exponential backoff, "wait 1 + random_number_milliseconds, 2 + ..., 4 + ..." with at most
 * 1000 random milliseconds (the Workspace APIs' usage-limits pages, "Resolve time-based quota errors",
 * e.g. https://developers.google.com/meet/api/guides/limits and https://developers.google.com/drive/api/guides/limits),
 * while one request's waits stay within {@link Options#longestWait()} and {@link Options#attempts()};
 * beyond that {@link PeerException.Transient} with the Retry-After ends the run and the scheduler comes
 * back. A createContact is sent again after 429 only: after a 5xx it may have landed, and the next
 * listing shows it with its stamp.</li>
 * </ul>
 * Tokens are never logged nor put into messages.
 */
public final class PeopleClient implements AutoCloseable {

    /** people.getBatchGet takes at most 200 resource names (https://developers.google.com/people/api/rest/v1/people/getBatchGet). */
    public static final int BATCH_GET_LIMIT = 200;
    /** batchCreateContacts "Allows up to 200 contacts in a single request". */
    public static final int BATCH_CREATE_LIMIT = 200;
    /** connections.list: "Valid values are between 1 and 1000, inclusive." */
    public static final int MAX_PAGE = 1000;

    /**
     * @param longestWait the most one request waits for Retry-After or backoff inside a run, in total
     * @param attempts    the most times one request is sent while throttled
     * @param pageSize    connections.list's pageSize
     */
    public record Options(Duration longestWait, int attempts, int pageSize, Clock clock, Duration readTimeout,
                          Duration idleTimeout) {
        /**
         * Waits of up to 70 s in 8 attempts per request: Google's quotas are per minute per user, so a full
         * minute's window only clears after 60 s, and backoff 1, 2, 4, ... 32 s (plus jitter) reaches it;
         * a first sync of thousands of contacts then rides out the quota instead of ending every minute.
         */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(70), 8, MAX_PAGE, Clock.systemUTC(), Duration.ofSeconds(90),
                    Duration.ofSeconds(30));
        }

        public Options withPageSize(int size) {
            return new Options(longestWait, attempts, size, clock, readTimeout, idleTimeout);
        }

        public Options withLongestWait(Duration wait) {
            return new Options(wait, attempts, pageSize, clock, readTimeout, idleTimeout);
        }

        public Options withAttempts(int n) {
            return new Options(longestWait, n, pageSize, clock, readTimeout, idleTimeout);
        }

        public Options withReadTimeout(Duration timeout) {
            return new Options(longestWait, attempts, pageSize, clock, timeout,
                    idleTimeout.compareTo(timeout) > 0 ? timeout : idleTimeout);
        }
    }

    /** One page of people.connections.list. */
    public record Page(List<JsonNode> people, String nextPageToken, String nextSyncToken) {
    }

    private final Options options;
    private final GoogleHttp http;
    private final ObjectMapper json;

    /**
     * @param peopleBase https://people.googleapis.com ({@link GoogleAccounts#peopleBaseUrl()}); a base that
     *                   already ends in /v1 is taken as is
     * @throws PeerException.Configuration for a base a token may not be sent to
     */
    public PeopleClient(URI peopleBase, AccessTokens tokens, ObjectMapper json, Options options) {
        this.options = options;
        this.json = json;
        this.http = new GoogleHttp(GoogleHttp.base(peopleBase, "/v1"), "People API", tokens, json, options);
    }

    public Options options() {
        return options;
    }

    /** HTTP requests sent, each retry included: what Google counts against the quota. */
    public long requests() {
        return http.requests();
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- people.connections.list --------------------------------------------------------------

    /**
     * One page of the user's contacts (https://developers.google.com/people/api/rest/v1/people.connections/list).
     * With a sync token: what changed since, deleted contacts as a person with {@code metadata.deleted}.
     *
     * @throws PeerException.CursorExpired the sync token expired (410 EXPIRED_SYNC_TOKEN) or is not accepted
     */
    public Page list(String personFields, String pageToken, String syncToken, boolean requestSyncToken) {
        var q = new LinkedHashMap<String, String>();
        q.put("personFields", personFields);
        q.put("pageSize", Integer.toString(options.pageSize()));
        if (requestSyncToken) q.put("requestSyncToken", "true");
        if (syncToken != null) q.put("syncToken", syncToken);
        if (pageToken != null) q.put("pageToken", pageToken);
        Answer a = send(HttpMethod.GET, "/people/me/connections" + query(q), null, true);
        if (a.status() == 410 || (syncToken != null && a.status() == 400 && "EXPIRED_SYNC_TOKEN".equals(a.reason()))) {
            throw new PeerException.CursorExpired("Google's sync token expired (sync tokens last 7 days after a full sync)", null);
        }
        if (syncToken != null && a.status() == 400 && "INVALID_ARGUMENT".equals(a.canonical())) {
            // Not a token Google still takes (another account, other fields asked for): list afresh.
            throw new PeerException.CursorExpired("Google did not accept the stored sync token: " + a.message(), null);
        }
        if (!a.ok()) throw failure(a, "list contacts");
        var people = new ArrayList<JsonNode>();
        a.body().path("connections").forEach(people::add);
        return new Page(people, text(a.body(), "nextPageToken"), text(a.body(), "nextSyncToken"));
    }

    // ---- people.createContact, updateContact, deleteContact, getBatchGet ----------------------

    /** https://developers.google.com/people/api/rest/v1/people/createContact */
    public JsonNode create(ObjectNode person, String personFields) {
        Answer a = send(HttpMethod.POST, "/people:createContact" + query(Map.of("personFields", personFields)), person, false);
        if (!a.ok()) throw failure(a, "create a contact");
        return a.body();
    }

    /**
     * Up to {@link #BATCH_CREATE_LIMIT} contacts in one request
     * (https://developers.google.com/people/api/rest/v1/people/batchCreateContacts), read back by {@code readMask},
     * in the order given. "If not successful, returns BatchCreateContactsErrorDetails, which contains a list of errors
     * for each invalid contact": one contact Google refuses fails the whole request ({@link PeerException.ItemRejected}),
     * and none is created.
     */
    public List<JsonNode> batchCreate(List<ObjectNode> persons, String readMask) {
        ObjectNode body = json.createObjectNode();
        var contacts = body.putArray("contacts");
        persons.forEach(p -> contacts.addObject().set("contactPerson", p));
        body.put("readMask", readMask);
        Answer a = send(HttpMethod.POST, "/people:batchCreateContacts", body, false);
        if (!a.ok()) throw failure(a, "create " + persons.size() + " contacts");
        var created = new ArrayList<JsonNode>();
        for (JsonNode r : a.body().path("createdPeople")) created.add(r.path("person"));
        if (created.size() != persons.size()) {
            throw new PeerException.Transient("Google answered " + created.size() + " of " + persons.size() + " contacts created", null, null);
        }
        return created;
    }

    /**
     * Up to {@link #BATCH_CREATE_LIMIT} contacts in one request
     * (https://developers.google.com/people/api/rest/v1/people/batchUpdateContacts): every field in
     * {@code updateMask} is replaced in each person ("or cleared if left empty for each person"), each person
     * carrying the etag read. "If not successful, returns BatchUpdateContactsErrorDetails, a list of errors
     * corresponding to each contact": a request Google refuses (400, a stale etag among them) is
     * {@link PeerException.ItemRejected} as a whole; the caller sends its contacts again one at a time.
     *
     * @return the updated contacts by resource name
     */
    public Map<String, JsonNode> batchUpdate(Map<String, ObjectNode> persons, String updateMask, String readMask) {
        ObjectNode body = json.createObjectNode();
        ObjectNode contacts = body.putObject("contacts");
        persons.forEach(contacts::set);
        body.put("updateMask", updateMask);
        body.put("readMask", readMask);
        Answer a = send(HttpMethod.POST, "/people:batchUpdateContacts", body, true);
        if (a.status() == 400 || a.status() == 404) {
            throw new PeerException.ItemRejected("Google refused a batch of " + persons.size() + " updates: " + a.message(), null);
        }
        if (!a.ok()) throw failure(a, "update " + persons.size() + " contacts");
        var updated = new LinkedHashMap<String, JsonNode>();
        a.body().path("updateResult").properties().forEach(e -> {
            if (e.getValue().path("person").isObject()) updated.put(e.getKey(), e.getValue().get("person"));
        });
        if (!updated.keySet().equals(persons.keySet())) {
            throw new PeerException.Transient("Google answered " + updated.size() + " of " + persons.size() + " contacts updated", null, null);
        }
        return updated;
    }

    /**
     * https://developers.google.com/people/api/rest/v1/people/updateContact: the fields named in
     * {@code updatePersonFields} are replaced whole, the others kept; {@code person} carries the etag read.
     *
     * @throws PeerException.VersionMismatch the contact changed since it was read (400 failedPrecondition), or
     *                                       was deleted (404)
     */
    public JsonNode update(String resourceName, ObjectNode person, String updatePersonFields, String personFields) {
        var q = new LinkedHashMap<String, String>();
        q.put("updatePersonFields", updatePersonFields);
        q.put("personFields", personFields);
        Answer a = send(HttpMethod.PATCH, "/" + resourceName + ":updateContact" + query(q), person, true);
        if (a.status() == 400 && ("FAILED_PRECONDITION".equals(a.canonical()) || "failedPrecondition".equals(a.reason()))) {
            throw new PeerException.VersionMismatch("the Google contact changed since it was read", null);
        }
        if (a.status() == 404) throw new PeerException.VersionMismatch("the Google contact was deleted meanwhile", null);
        if (!a.ok()) throw failure(a, "update a contact");
        return a.body();
    }

    /** https://developers.google.com/people/api/rest/v1/people/deleteContact; a contact already gone is fine. */
    public void delete(String resourceName) {
        Answer a = send(HttpMethod.DELETE, "/" + resourceName + ":deleteContact", null, true);
        if (a.ok() || a.status() == 404) return;
        throw failure(a, "delete a contact");
    }

    /** One contact (https://developers.google.com/people/api/rest/v1/people/get); null when gone. */
    public JsonNode get(String resourceName, String personFields) {
        Answer a = send(HttpMethod.GET, "/" + resourceName + query(Map.of("personFields", personFields)), null, true);
        if (a.status() == 404) return null;
        if (!a.ok()) throw failure(a, "read a contact");
        return a.body();
    }

    /**
     * Contacts by resource name, {@link #BATCH_GET_LIMIT} per request
     * (https://developers.google.com/people/api/rest/v1/people/getBatchGet); missing ones are absent.
     */
    public Map<String, JsonNode> batchGet(List<String> resourceNames, String personFields) {
        var found = new LinkedHashMap<String, JsonNode>();
        for (int from = 0; from < resourceNames.size(); from += BATCH_GET_LIMIT) {
            List<String> chunk = resourceNames.subList(from, Math.min(from + BATCH_GET_LIMIT, resourceNames.size()));
            StringBuilder q = new StringBuilder("?personFields=").append(encode(personFields));
            chunk.forEach(name -> q.append("&resourceNames=").append(encode(name)));
            Answer a = send(HttpMethod.GET, "/people:batchGet" + q, null, true);
            if (!a.ok()) throw failure(a, "read contacts");
            for (JsonNode r : a.body().path("responses")) {
                int status = r.path("httpStatusCode").asInt(200);
                JsonNode person = r.path("person");
                if (status == 200 && person.isObject()) found.put(person.path("resourceName").asString(r.path("requestedResourceName").asString()), person);
            }
        }
        return found;
    }

    // ---- sending ------------------------------------------------------------------------------

    /** The typed failure of an answer a call did not expect (the error model's canonical codes). */
    PeerException failure(Answer a, String what) {
        String doing = "Google could not " + what + ": ";
        if (a.status() == 401) return new PeerException.AuthExpired("Google no longer accepts this connection's sign-in; sign in to Google again", null);
        if (a.status() == 403) {
            boolean scope = "ACCESS_TOKEN_SCOPE_INSUFFICIENT".equals(a.reason())
                    || a.headers().getOrDefault("www-authenticate", "").contains("insufficient_scope");
            return scope ? new PeerException.PermissionMissing("this connection's Google sign-in does not allow Koppel to "
                    + "change contacts: sign in to Google again and allow access to Google Contacts")
                    : new PeerException.Configuration(doing + a.message() + " (HTTP 403)", null);
        }
        if (a.status() == 429 || a.status() >= 500) return http.busy(a, what);
        if (a.status() == 400 || a.status() == 404 || a.status() == 409) {
            return new PeerException.ItemRejected(doing + a.message(), null);
        }
        return new PeerException.Configuration(doing + "HTTP " + a.status() + " " + a.message(), null);
    }

    /** Through {@link GoogleHttp#send}; a second 401 is {@link PeerException.AuthExpired}. */
    private Answer send(HttpMethod method, String pathAndQuery, JsonNode body, boolean resendAfter5xx) {
        Answer a = http.send(method, pathAndQuery, body, Map.of(), resendAfter5xx);
        if (a.status() == 401) throw failure(a, method + " " + pathAndQuery.replaceFirst("\\?.*", ""));
        return a;
    }

    private static String query(Map<String, String> params) {
        return GoogleHttp.query(params);
    }

    private static String encode(String s) {
        return GoogleHttp.encode(s);
    }

    private static String text(JsonNode node, String field) {
        return GoogleHttp.text(node, field);
    }
}
