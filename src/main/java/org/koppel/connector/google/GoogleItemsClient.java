package org.koppel.connector.google;

import java.net.URI;
import java.util.ArrayList;
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
 * A thin client of one collection of the Calendar API v3 (a calendar's events) or the Tasks API v1 (a list's
 * tasks), over {@link GoogleHttp}: list pages, get, insert, patch and delete with {@code If-Match}, and their
 * answers as the typed failures of sync rule 12, after "Handle API errors"
 * (https://developers.google.com/calendar/api/guides/errors):
 * <ul>
 * <li>401 after one renewal: {@link PeerException.AuthExpired}; 403 for missing scopes:
 * {@link PeerException.PermissionMissing} (sign in again); 403 forbiddenForNonOrganizer (an invitation only its
 * organiser may change): {@link PeerException.ItemRejected}; other 403s but rate limits: {@link PeerException.Configuration}.</li>
 * <li>403 rateLimitExceeded / userRateLimitExceeded, 429, 500, 503: backoff inside the run ({@link GoogleHttp}),
 * then {@link PeerException.Transient} with the Retry-After.</li>
 * <li>410 on a listing with a sync token ("fullSyncRequired"): {@link PeerException.CursorExpired}.</li>
 * <li>412 conditionNotMet ("The etag supplied in the If-match header no longer corresponds to the current etag of
 * the resource"): {@link PeerException.VersionMismatch}; 404 and 410 on a write: the item is gone, the same.</li>
 * <li>400, 409 and other 404s: {@link PeerException.ItemRejected}.</li>
 * </ul>
 * It knows nothing of slots.
 */
final class GoogleItemsClient implements AutoCloseable {

    /** One page of a listing. */
    record Page(List<JsonNode> items, String nextPageToken, String nextSyncToken) {
    }

    private final GoogleHttp http;
    private final String collection;
    private final String service;
    private final String things;

    /**
     * @param base       the API's base URL, e.g. https://www.googleapis.com/calendar/v3
     * @param version    the path the base ends in ("/calendar/v3"), added when missing
     * @param collection the collection's path under it ("/calendars/primary/events")
     * @param service    how a person calls the service ("Google Calendar")
     * @param things     what its items are called ("events")
     */
    GoogleItemsClient(URI base, String version, String collection, String service, String things, AccessTokens tokens,
                      ObjectMapper json, PeopleClient.Options options) {
        this.http = new GoogleHttp(GoogleHttp.base(base, version), service + " API", tokens, json, options);
        this.collection = collection;
        this.service = service;
        this.things = things;
    }

    PeopleClient.Options options() {
        return http.options();
    }

    long requests() {
        return http.requests();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * One page of the collection with these parameters.
     *
     * @throws PeerException.CursorExpired when a sync token is no longer accepted (410, or 400 for a token of other parameters)
     */
    Page list(Map<String, String> params) {
        Answer a = http.send(HttpMethod.GET, collection + GoogleHttp.query(params), null, Map.of(), true);
        if (params.containsKey("syncToken") && (a.status() == 410 || a.status() == 400)) {
            throw new PeerException.CursorExpired(service + " no longer accepts the sync token of the last run (" + a.message()
                    + "); everything is listed again", null);
        }
        if (!a.ok()) throw failure(a, "list " + things);
        var items = new ArrayList<JsonNode>();
        a.body().path("items").forEach(items::add);
        return new Page(items, GoogleHttp.text(a.body(), "nextPageToken"), GoogleHttp.text(a.body(), "nextSyncToken"));
    }

    /** Every page of the collection with these parameters; the sync token of the last page. */
    Page listAll(Map<String, String> params) {
        var items = new ArrayList<JsonNode>();
        var query = new java.util.LinkedHashMap<>(params);
        Page page;
        do {
            page = list(query);
            items.addAll(page.items());
            query.put("pageToken", page.nextPageToken());
        } while (page.nextPageToken() != null);
        return new Page(items, null, page.nextSyncToken());
    }

    /** One item; null when unknown (404) or deleted (410). */
    JsonNode get(String id) {
        Answer a = http.send(HttpMethod.GET, item(id), null, Map.of(), true);
        if (a.status() == 404 || a.status() == 410) return null;
        if (!a.ok()) throw failure(a, "read one of the " + things);
        return a.body();
    }

    /** A new item; null when its client-chosen id is taken (409 duplicate). Sent again after 429 only: after a 5xx it may have landed. */
    JsonNode insert(ObjectNode body) {
        Answer a = http.send(HttpMethod.POST, collection, body, Map.of(), false);
        if (a.status() == 409) return null;
        if (!a.ok()) throw failure(a, "add one of the " + things);
        return a.body();
    }

    /**
     * Patch semantics: the fields sent replace the item's, the others stay. With {@code etag}, only if the item
     * still has it.
     *
     * @throws PeerException.VersionMismatch the item changed (412) or is gone (404, 410)
     */
    JsonNode patch(String id, ObjectNode body, String etag) {
        Answer a = http.send(HttpMethod.PATCH, item(id), body, etag == null ? Map.of() : Map.of("If-Match", etag), true);
        if (a.status() == 412) throw new PeerException.VersionMismatch("the item changed in " + service + " meanwhile", null);
        if (a.status() == 404 || a.status() == 410) throw new PeerException.VersionMismatch("the item was deleted in " + service + " meanwhile", null);
        if (!a.ok()) throw failure(a, "change one of the " + things);
        return a.body();
    }

    /** Deletes an item if it still has {@code etag} (null: whatever it has); one already gone is fine. */
    void delete(String id, String etag) {
        Answer a = http.send(HttpMethod.DELETE, item(id), null, etag == null ? Map.of() : Map.of("If-Match", etag), true);
        if (a.ok() || a.status() == 404 || a.status() == 410) return;
        if (a.status() == 412) throw new PeerException.VersionMismatch("the item changed in " + service + " meanwhile", null);
        throw failure(a, "delete one of the " + things);
    }

    private String item(String id) {
        return collection + "/" + GoogleHttp.encode(id).replace("+", "%20");
    }

    /** The typed failure of an answer a call did not expect. */
    PeerException failure(Answer a, String what) {
        String doing = service + " could not " + what + ": ";
        if (a.status() == 401) return new PeerException.AuthExpired("Google no longer accepts this connection's sign-in; sign in to Google again", null);
        if (a.throttled()) return http.busy(a, what);
        if (a.scopeMissing()) {
            return new PeerException.PermissionMissing("this connection's Google sign-in does not allow Koppel to sync " + things
                    + ": sign in to Google again and allow access to " + service);
        }
        // "403: Forbidden for non-organizer": an invitation whose shared fields only its organiser may change; that event alone.
        if (a.status() == 403 && "forbiddenForNonOrganizer".equals(a.reason())) return new PeerException.ItemRejected(doing + a.message(), null);
        if (a.status() == 403) return new PeerException.Configuration(doing + a.message() + " (HTTP 403 " + a.reason() + ")", null);
        if (a.status() == 412) return new PeerException.VersionMismatch("the item changed in " + service + " meanwhile", null);
        if (a.status() == 400 || a.status() == 404 || a.status() == 409) return new PeerException.ItemRejected(doing + a.message(), null);
        return new PeerException.Transient(doing + "HTTP " + a.status() + " " + a.message(), null, null);
    }
}
