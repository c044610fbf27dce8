package org.koppel.connector.google;

import static org.koppel.sync.AppointmentSlots.EXCEPTIONS;
import static org.koppel.sync.AppointmentSlots.OCCURRENCE_EDITS;
import static org.koppel.sync.AppointmentSlots.RECURRENCE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The primary calendar of a Google account as the sync engine's appointment peer, through the Calendar API v3
 * ({@link GoogleEvents} maps the events).
 *
 * <p><b>Changes</b> come from events.list with the sync token of the last run ("Synchronize resources efficiently",
 * https://developers.google.com/calendar/api/guides/sync; events.list,
 * https://developers.google.com/calendar/api/v3/reference/events/list), series as series ({@code singleEvents}
 * false), deleted events as {@code status: cancelled}. A 410 ("the client should clear its storage and perform a
 * full synchronization") is {@link PeerException.CursorExpired}. A full listing reads the whole calendar without
 * {@code timeMin}: every event must be named in {@code present}, so a link outside the window is not taken as
 * deleted; the engine keeps to the window.
 *
 * <p><b>A series is ONE item</b>: its own event, with the events of its changed and cancelled occurrences
 * ({@code recurringEventId}) read with it. A change to an occurrence alone makes its series be read again: the
 * series' event and, by its {@code iCalUID} ("Specifies an event ID in the iCalendar format to be provided in the
 * response"), the events of its occurrences. Its version is the series' etag joined to a digest of its
 * occurrences' etags, as an edit of one occurrence need not change the series' etag.
 *
 * <p><b>Writes</b> are patches of the slots that changed, with {@code If-Match} the series' etag (412:
 * {@link PeerException.VersionMismatch}; "Versions of resources",
 * https://developers.google.com/calendar/api/guides/version-resources). Left-out occurrences are written as the
 * series' EXDATE line; edited occurrences by patching the occurrence ({@code <series id>_<original start>}).
 * A create chooses the event's id from the CRM id ({@link GoogleEvents#idOf}): repeated after a crash it meets
 * 409 and returns the event made the first time; an event of that id the user deleted is brought back.
 */
public final class GoogleEventPeer implements ItemPeer {

    static final String COLLECTION = "/calendars/primary/events";
    /** "maxResults ... The page size can never be larger than 2500 events." */
    static final int PAGE = 2500;

    private final GoogleItemsClient client;
    private final ObjectMapper json;

    GoogleEventPeer(GoogleItemsClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public long requests() {
        return client.requests();
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- listing ------------------------------------------------------------------------------

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        if (cursor == null) return fullListing(knownVersion);
        CalendarCursor from = CalendarCursor.read(cursor, json);
        var params = params();
        params.put("syncToken", from.syncToken());
        GoogleItemsClient.Page changes = client.listAll(params);
        var removed = new ArrayList<String>();
        var singles = new LinkedHashMap<String, JsonNode>();
        var series = new LinkedHashSet<String>();
        for (JsonNode e : changes.items()) {
            String id = e.path("id").asString();
            String owner = GoogleEvents.seriesOf(e);
            if (owner != null) series.add(owner);
            else if (GoogleEvents.cancelled(e)) removed.add(id);
            else if (!appointment(e)) continue;
            else if (GoogleEvents.isSeries(e)) series.add(id);
            else singles.put(id, e);
        }
        series.removeAll(removed);
        var items = new ArrayList<PeerItem>();
        var rejected = new LinkedHashMap<String, String>();
        singles.values().forEach(e -> take(e, List.of(), knownVersion, items, rejected));
        for (String id : series) {
            Series s = series(id);
            if (s == null) removed.add(id);
            else take(s.event(), s.occurrences(), knownVersion, items, rejected);
        }
        String next = changes.nextSyncToken() != null ? changes.nextSyncToken() : from.syncToken();
        return new PeerDelta(items, removed, Set.of(), false, CalendarCursor.write(next, json), rejected);
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        GoogleItemsClient.Page all = client.listAll(params());
        var events = new LinkedHashMap<String, JsonNode>();
        var occurrences = new LinkedHashMap<String, List<JsonNode>>();
        for (JsonNode e : all.items()) {
            String owner = GoogleEvents.seriesOf(e);
            if (owner != null) occurrences.computeIfAbsent(owner, x -> new ArrayList<>()).add(e);
            else if (!GoogleEvents.cancelled(e) && appointment(e)) events.put(e.path("id").asString(), e);
        }
        var items = new ArrayList<PeerItem>();
        var rejected = new LinkedHashMap<String, String>();
        events.forEach((id, e) -> take(e, occurrences.getOrDefault(id, List.of()), knownVersion, items, rejected));
        return new PeerDelta(items, List.of(), Set.copyOf(events.keySet()), true, CalendarCursor.write(all.nextSyncToken(), json), rejected);
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        var found = new LinkedHashMap<String, PeerItem>();
        for (String id : peerIds) {
            Series s = series(id);
            if (s == null) continue;
            try {
                found.put(id, item(s.event(), s.occurrences()));
            } catch (GoogleEvents.Unreadable e) {
                throw new PeerException.ItemRejected(e.getMessage(), null);
            }
        }
        return found;
    }

    /** Series as series, deleted events left out of a full listing (a sync shows them anyway), pages as large as allowed. */
    private Map<String, String> params() {
        var p = new LinkedHashMap<String, String>();
        p.put("singleEvents", "false");
        p.put("maxResults", Integer.toString(Math.min(PAGE, client.options().pageSize())));
        return p;
    }

    /**
     * Events of the default type only: "eventType" focusTime, outOfOffice, workingLocation, birthday and
     * fromGmail are Calendar's own and no appointments (Events resource).
     */
    private static boolean appointment(JsonNode event) {
        return event.path("eventType").asString("default").equals("default");
    }

    /** An event and the events of its occurrences; null when gone. */
    private record Series(JsonNode event, List<JsonNode> occurrences) {
    }

    private Series series(String id) {
        JsonNode event = client.get(id);
        if (event == null || GoogleEvents.cancelled(event) || !appointment(event)) return null;
        if (!GoogleEvents.isSeries(event)) return new Series(event, List.of());
        var params = params();
        params.put("iCalUID", event.path("iCalUID").asString());
        var occurrences = client.listAll(params).items().stream().filter(o -> id.equals(GoogleEvents.seriesOf(o))).toList();
        return new Series(event, occurrences);
    }

    private void take(JsonNode event, List<JsonNode> occurrences, Function<String, String> knownVersion, List<PeerItem> items,
                      Map<String, String> rejected) {
        String id = event.path("id").asString();
        try {
            PeerItem item = item(event, occurrences);
            if (!Objects.equals(knownVersion.apply(id), item.version())) items.add(item);
        } catch (GoogleEvents.Unreadable | DateTimeException e) {
            rejected.put(id, "the Google Calendar event cannot be read: " + e.getMessage());
        }
    }

    private PeerItem item(JsonNode event, List<JsonNode> occurrences) throws GoogleEvents.Unreadable {
        Map<String, String> values = GoogleEvents.read(event, occurrences);
        ObjectNode raw = json.createObjectNode();
        raw.set("event", event);
        raw.putArray("occurrences").addAll(occurrences);
        return new PeerItem(event.path("id").asString(), version(event, occurrences), GoogleEvents.stampedCrmId(event),
                Snapshot.of(values), Set.of(), json.writeValueAsString(raw), modifiedAt(event));
    }

    /** A single event's etag; a series' etag, "|", a digest of its occurrences' ids and etags. */
    static String version(JsonNode event, List<JsonNode> occurrences) {
        String etag = event.path("etag").asString("");
        if (!GoogleEvents.isSeries(event)) return etag;
        var parts = new ArrayList<String>();
        for (JsonNode o : occurrences) parts.add(o.path("id").asString() + ":" + o.path("etag").asString(""));
        parts.sort(null);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return etag + "|" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The series' etag of a version, for If-Match. */
    static String etag(String version) {
        if (version == null) return null;
        int bar = version.indexOf('|');
        return bar < 0 ? version : version.substring(0, bar);
    }

    private static Instant modifiedAt(JsonNode event) {
        try {
            String updated = event.path("updated").asString("");
            return updated.isEmpty() ? null : Instant.parse(updated);
        } catch (DateTimeException e) {
            return null;
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public Created create(long crmId, Snapshot values) {
        ObjectNode body = GoogleEvents.forCreate(values.values(), crmId);
        JsonNode made = client.insert(body);
        if (made == null) {
            // 409: the id is taken. The first try made it (a crash came before the link), or the user deleted it.
            JsonNode earlier = client.get(GoogleEvents.idOf(crmId));
            if (earlier != null && !GoogleEvents.cancelled(earlier)) {
                return new Created(reread(GoogleEvents.idOf(crmId)), true);
            }
            body.remove("id");
            body.put("status", "confirmed");
            made = client.patch(GoogleEvents.idOf(crmId), body, null);
        }
        String id = made.path("id").asString();
        if (GoogleEvents.isSeries(made)) writeOccurrences(made, values.values(), Map.of());
        return new Created(reread(id), false);
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        JsonNode raw = json.readTree(current.raw());
        JsonNode event = raw.path("event");
        ObjectNode patch = GoogleEvents.forUpdate(event, current.values().values(), values.values(), crmId);
        boolean reshaped = patch.has("start") || patch.has("end");
        Map<String, String> had = reshaped ? Map.of() : current.values().values();
        boolean occurrences = values.get(RECURRENCE) != null
                && !Objects.equals(values.get(OCCURRENCE_EDITS), had.get(OCCURRENCE_EDITS));
        if (patch.isEmpty() && !occurrences) return current;
        JsonNode written = event;
        if (!patch.isEmpty()) written = client.patch(current.peerId(), patch, etag(current.version()));
        if (occurrences && GoogleEvents.isSeries(written)) writeOccurrences(written, values.values(), had);
        return reread(current.peerId());
    }

    /** Edited occurrences Koppel holds that the series lacks, each patched onto its occurrence; what Google holds beyond them stays. */
    private void writeOccurrences(JsonNode series, Map<String, String> wanted, Map<String, String> had) {
        var edits = new ArrayList<>(OccurrenceEdits.decode(wanted.get(OCCURRENCE_EDITS)));
        edits.removeAll(OccurrenceEdits.decode(had.get(OCCURRENCE_EDITS)));
        var left = Set.of(Objects.toString(wanted.get(EXCEPTIONS), "").split(","));
        ZoneId zone = GoogleEvents.zone(GoogleEvents.plannedZone(series));
        boolean allDay = GoogleEvents.allDay(series);
        for (OccurrenceEdits.Edit edit : edits) {
            if (left.contains(edit.recurrenceId())) continue;
            try {
                client.patch(GoogleEvents.occurrenceId(series.path("id").asString(), edit.recurrenceId()),
                        GoogleEvents.forOccurrence(edit, zone, allDay), null);
            } catch (PeerException.VersionMismatch noSuchOccurrence) {
                // the rule no longer gives it: nothing to edit
            }
        }
    }

    private PeerItem reread(String id) {
        PeerItem item = fetch(List.of(id)).get(id);
        if (item == null) throw new PeerException.VersionMismatch("the event was deleted in Google Calendar meanwhile", null);
        return item;
    }

    @Override
    public void delete(String peerId, String version) {
        client.delete(peerId, etag(version));
    }
}
