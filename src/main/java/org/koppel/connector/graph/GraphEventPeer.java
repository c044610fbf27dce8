package org.koppel.connector.graph;

import static org.koppel.sync.AppointmentSlots.EXCEPTIONS;
import static org.koppel.sync.AppointmentSlots.OCCURRENCE_EDITS;
import static org.koppel.sync.AppointmentSlots.RECURRENCE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
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
import org.koppel.sync.DataType;
import org.koppel.sync.OccurrenceEdits;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncWindow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The default calendar of a Microsoft 365 mailbox as the sync engine's appointment peer, through
 * Microsoft Graph events ({@link GraphEvents} maps them).
 *
 * <p><b>Changes</b> come from "event: delta" on the calendar view of the run's window
 * ({@code GET /me/calendarView/delta?startDateTime&endDateTime}, https://learn.microsoft.com/graph/api/event-delta;
 * "Get incremental changes to events in a calendar view", https://learn.microsoft.com/graph/delta-query-events),
 * paged by {@code Prefer: odata.maxpagesize} and read in UTC ({@code Prefer: outlook.timezone}). The
 * view holds single events, occurrences and exceptions, never a series master: a series is ONE item,
 * its master's id, and every occurrence or exception of it in the view stands for the master; the
 * master is then read with its instances. The window and the series seen in it go into the cursor
 * ({@link GraphCursor}); a cursor of another window is {@link PeerException.CursorExpired}. An
 * {@code @removed} entry names only an id: a linked item's is reported removed (an item leaving the
 * window comes so too; the engine checks it with {@link #fetch}), and any other (a cancelled
 * occurrence names no series) makes every series of the cursor be read again, keeping those changed.
 *
 * <p><b>Versions</b>: a single event's changeKey; a series' master changeKey joined to a digest of its
 * exceptions' changeKeys and its cancelled occurrences, as an edit of one occurrence need not change
 * the master. Writes carry {@code If-Match} with the master's changeKey (412: {@link PeerException.VersionMismatch}).
 *
 * <p><b>Creation</b> stamps the CRM id (extended property KoppelId, as contacts) and looks for an event
 * already stamped with it first, so a create repeated after a crash finds the first one.
 *
 * <p><b>Series</b>: occurrences are read over the series' span (its range; a series without end up
 * to a year past the window), so exceptions further ahead of an endless series are not seen. Exceptions
 * Koppel adds are written by deleting the occurrence ("Delete event" of an occurrence), edited
 * occurrences by updating it; the overrides Outlook holds that Koppel does not know are kept.
 */
public final class GraphEventPeer implements ItemPeer {

    static final String CALENDAR_EVENTS = "/me/calendar/events";
    /** The sync_cursor column holds 8,000 characters; a cursor too long for it means a full listing next time. */
    static final int MAX_CURSOR = 7_000;
    private static final Duration ENDLESS_AHEAD = Duration.ofDays(366);
    private static final String INSTANCE_FIELDS = "id,type,changeKey,originalStart,start,end,subject,location,body,isCancelled";

    private final GraphClient client;
    private final ObjectMapper json;
    private SyncWindow window;

    public GraphEventPeer(GraphClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public void limitTo(SyncWindow window) {
        this.window = window;
    }

    /** The run's window; without one (the engine gave none) the 90 days past to a year ahead. */
    private SyncWindow window() {
        if (window == null) {
            Instant now = client.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            window = new SyncWindow(now.minus(Duration.ofDays(90)), now.plus(Duration.ofDays(365)));
        }
        return window;
    }

    @Override
    public long requests() {
        return client.mailboxRequests();
    }

    // ---- listing ------------------------------------------------------------------------------

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        if (cursor == null) return fullListing(knownVersion);
        GraphCursor from = GraphCursor.read(cursor, json);
        if (!Objects.equals(from.windowFrom(), window().from().toString()) || !Objects.equals(from.windowTo(), window().to().toString())) {
            throw new PeerException.CursorExpired("the stored Microsoft 365 calendar cursor is of another window ("
                    + from.windowFrom() + " to " + from.windowTo() + ")", null);
        }
        if (from.deltaLink() == null) return fullListing(knownVersion);
        DeltaRound round = round(from.deltaLink());
        var series = new LinkedHashSet<>(from.series());
        series.addAll(masters(round));
        var wanted = new LinkedHashSet<>(round.changedNotAt(knownVersion));
        var removed = new ArrayList<>(round.removed());
        // A removal of anything but a linked item may be a cancelled occurrence: its series is read again.
        if (round.removed().stream().anyMatch(id -> knownVersion.apply(id) == null)) wanted.addAll(series);
        Read read = read(List.copyOf(wanted), knownVersion);
        removed.addAll(read.missing());
        series.removeAll(read.missing());
        return new PeerDelta(read.items(), removed, Set.of(), false, cursor(round.deltaLink(), series), read.rejected());
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        DeltaRound round = round(deltaStart());
        Read read = read(round.changedNotAt(knownVersion), knownVersion);
        Set<String> present = new LinkedHashSet<>(round.changed().keySet());
        present.removeAll(read.missing());
        var series = new LinkedHashSet<>(masters(round));
        series.removeAll(read.missing());
        return new PeerDelta(read.items(), List.of(), present, true, cursor(round.deltaLink(), series), read.rejected());
    }

    private String deltaStart() {
        return "/me/calendarView/delta?startDateTime=" + window().from() + "&endDateTime=" + window().to();
    }

    /** A round of calendar view delta: singles at their changeKey, occurrences and exceptions as their series, version unknown. */
    private DeltaRound round(String url) {
        try {
            return DeltaRound.read(client, url, ", " + GraphEvents.UTC_PREFERENCE, "calendar view", "events", entry -> {
                String type = entry.path("type").asString("singleInstance");
                if (type.equals("occurrence") || type.equals("exception")) {
                    return new DeltaRound.Item(entry.path("seriesMasterId").asString(""), null);
                }
                if (type.equals("seriesMaster")) return new DeltaRound.Item(entry.path("id").asString(""), null);
                return new DeltaRound.Item(entry.path("id").asString(""), GraphItems.version(entry));
            });
        } catch (FolderGone gone) {
            throw new PeerException.CursorExpired("Microsoft 365 no longer knows the calendar view of the last sync", null);
        }
    }

    private static List<String> masters(DeltaRound round) {
        var masters = new ArrayList<String>();
        round.changed().forEach((id, version) -> {
            if (version == null) masters.add(id);
        });
        return masters;
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return read(List.copyOf(peerIds), id -> null).fetched();
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * The events with these ids, expanded with the stamp, 20 GETs per JSON batch, and the instances
     * of those that are series; items at the version the engine knows are left out.
     */
    private Read read(List<String> ids, Function<String, String> knownVersion) {
        var items = new ArrayList<PeerItem>();
        var missing = new LinkedHashSet<String>();
        var rejected = new LinkedHashMap<String, String>();
        for (List<String> chunk : GraphClient.chunks(ids)) {
            var requests = chunk.stream().map(id -> new GraphClient.BatchRequest("GET", eventPath(id) + "?"
                    + ExtendedProperties.expandEventQuery(), preferUtc(), null)).toList();
            List<GraphResponse> answers = client.batch(requests);
            var events = new ArrayList<JsonNode>();
            for (int i = 0; i < chunk.size(); i++) {
                GraphResponse r = answers.get(i);
                if (r.ok()) events.add(r.body());
                else if (r.status() == 404) missing.add(chunk.get(i));
                else if (r.throttled() || r.status() >= 500 || r.status() == 401 || r.status() == 403) throw failure(r, "read events");
                else rejected.put(chunk.get(i), "the event cannot be read: HTTP " + r.status() + " " + r.errorMessage());
            }
            Map<String, List<JsonNode>> instances = instances(events.stream().filter(GraphEventPeer::isSeries).toList());
            for (JsonNode event : events) {
                String id = event.path("id").asString();
                try {
                    PeerItem item = item(event, instances.getOrDefault(id, List.of()));
                    if (!Objects.equals(knownVersion.apply(id), item.version())) items.add(item);
                } catch (GraphEvents.Unreadable e) {
                    rejected.put(id, e.getMessage());
                }
            }
        }
        return new Read(items, missing, rejected);
    }

    /** The occurrences and exceptions of each series over its span, first pages in one batch, further pages one by one. */
    private Map<String, List<JsonNode>> instances(List<JsonNode> masters) {
        var result = new HashMap<String, List<JsonNode>>();
        for (List<JsonNode> chunk : GraphClient.chunks(masters)) {
            var requests = chunk.stream().map(m -> new GraphClient.BatchRequest("GET", instancesPath(m), preferUtc(), null)).toList();
            List<GraphResponse> answers = client.batch(requests);
            for (int i = 0; i < chunk.size(); i++) {
                String id = chunk.get(i).path("id").asString();
                GraphResponse r = answers.get(i);
                var list = new ArrayList<JsonNode>();
                while (true) {
                    if (!r.ok()) throw failure(r, "read the occurrences of a series");
                    r.body().path("value").forEach(list::add);
                    String next = r.body().path("@odata.nextLink").asString("");
                    if (next.isEmpty()) break;
                    r = client.get(next, preferUtc());
                }
                result.put(id, list);
            }
        }
        return result;
    }

    private String instancesPath(JsonNode master) {
        Instant[] span = span(master);
        return eventPath(master.path("id").asString()) + "/instances?startDateTime=" + span[0] + "&endDateTime=" + span[1]
                + "&$select=" + INSTANCE_FIELDS + "&$top=100";
    }

    /**
     * The span a series' occurrences are read over: from a day before its first start to a day after
     * its range ends (its end date, or its last counted occurrence), or, for a series without end, a year
     * past the later of now and the window's end.
     */
    private Instant[] span(JsonNode master) {
        ZoneId zone = GraphEvents.zone(master);
        boolean allDay = GraphEvents.allDay(master);
        var start = GraphEvents.localStart(master);
        Instant first = start.atZone(zone).toInstant();
        Instant from = first.minus(Duration.ofDays(1));
        JsonNode range = master.path("recurrence").path("range");
        Instant later = client.clock().instant().isAfter(window().to()) ? client.clock().instant() : window().to();
        Instant to = (first.isAfter(later) ? first : later).plus(ENDLESS_AHEAD);
        try {
            switch (range.path("type").asString("noEnd")) {
                case "endDate" -> to = LocalDate.parse(range.path("endDate").asString()).plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
                case "numbered" -> {
                    String rule = GraphRecurrence.toRule(master.path("recurrence"), start, zone, allDay);
                    int count = Math.max(1, range.path("numberOfOccurrences").asInt(1));
                    List<Instant> starts = GraphRecurrence.starts(rule, start, zone, allDay, from, first.plus(Duration.ofDays(366L * 100)), count);
                    if (!starts.isEmpty()) to = starts.getLast().plus(Duration.ofDays(2));
                }
                default -> {
                }
            }
        } catch (GraphRecurrence.Unmappable | DateTimeException unreadable) {
            // read over the default span; the item is rejected when mapped
        }
        return new Instant[]{from, to};
    }

    private PeerItem item(JsonNode event, List<JsonNode> instances) throws GraphEvents.Unreadable {
        Instant[] span = isSeries(event) ? span(event) : new Instant[]{Instant.EPOCH, Instant.EPOCH};
        Map<String, String> values = GraphEvents.read(event, instances, span[0], span[1]);
        var categories = new LinkedHashSet<String>();
        event.path("categories").forEach(c -> {
            if (c.isString() && !c.stringValue().isBlank()) categories.add(c.stringValue().strip());
        });
        return new PeerItem(event.path("id").asString(), version(event, instances, values.get(EXCEPTIONS)),
                ExtendedProperties.stampedCrmId(event), Snapshot.of(values), categories, json.writeValueAsString(event),
                modifiedAt(event));
    }

    /** A single event's changeKey; a series' master changeKey, "|", a digest of its exceptions and cancellations. */
    static String version(JsonNode event, List<JsonNode> instances, String exceptions) {
        String changeKey = GraphItems.version(event);
        if (!isSeries(event)) return changeKey;
        var parts = new ArrayList<String>();
        for (JsonNode i : instances) {
            if (i.path("type").asString("").equals("exception")) parts.add(i.path("id").asString() + ":" + GraphItems.version(i));
        }
        parts.sort(null);
        parts.add(Objects.toString(exceptions, ""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return changeKey + "|" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The master's changeKey of a version, for If-Match. */
    static String changeKey(String version) {
        int bar = version.indexOf('|');
        return bar < 0 ? version : version.substring(0, bar);
    }

    private static boolean isSeries(JsonNode event) {
        return event.path("type").asString("").equals("seriesMaster");
    }

    private static Instant modifiedAt(JsonNode event) {
        try {
            String value = event.path("lastModifiedDateTime").asString("");
            return value.isEmpty() ? null : java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public Created create(long crmId, Snapshot values) {
        ObjectNode body;
        try {
            body = GraphEvents.forCreate(values.values(), crmId);
        } catch (GraphRecurrence.Unmappable e) {
            throw new PeerException.ItemRejected(e.getMessage(), null);
        }
        PeerItem existing = stamped(crmId);
        if (existing != null) return new Created(existing, true);
        GraphResponse r = client.send("POST", CALENDAR_EVENTS, preferUtc(), body);
        if (!r.ok()) throw failure(r, "create the event of record " + crmId);
        String id = r.body().path("id").asString();
        if (isSeries(r.body())) {
            writeOccurrences(r.body(), values.values(), Map.of());
            return new Created(reread(id), false);
        }
        ObjectNode created = (ObjectNode) r.body().deepCopy();
        ExtendedProperties.merge(created, body.get("singleValueExtendedProperties"));
        try {
            return new Created(item(created, List.of()), false);
        } catch (GraphEvents.Unreadable e) {
            throw new PeerException.ItemRejected(e.getMessage(), null);
        }
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        JsonNode event = current.raw() != null ? json.readTree(current.raw()) : null;
        if (event == null) {
            PeerItem read = fetch(List.of(current.peerId())).get(current.peerId());
            if (read == null) throw new PeerException.VersionMismatch("the event was deleted in Outlook meanwhile", null);
            event = json.readTree(read.raw());
        }
        ObjectNode patch;
        try {
            patch = GraphEvents.forUpdate(event, current.values().values(), values.values(), crmId);
        } catch (GraphRecurrence.Unmappable e) {
            throw new PeerException.ItemRejected(e.getMessage(), null);
        }
        // A series given a new start, end or rule may lose its exceptions in Outlook (it warns the user so): all are written again.
        boolean reshaped = patch.has("start") || patch.has("end") || patch.has("recurrence");
        Map<String, String> had = reshaped ? Map.of() : current.values().values();
        boolean occurrences = values.get(RECURRENCE) != null && (!Objects.equals(values.get(EXCEPTIONS), had.get(EXCEPTIONS))
                || !Objects.equals(values.get(OCCURRENCE_EDITS), had.get(OCCURRENCE_EDITS)));
        if (patch.isEmpty() && !occurrences) return current;
        JsonNode written = event;
        if (!patch.isEmpty()) {
            GraphResponse r = client.send("PATCH", eventPath(current.peerId()),
                    withUtc(Map.of("If-Match", GraphItems.etag(changeKey(current.version())))), patch);
            if (r.status() == 404) throw new PeerException.VersionMismatch("the event was deleted in Outlook meanwhile", null);
            if (!r.ok()) throw failure(r, "update the event of record " + crmId);
            written = r.body();
        }
        if (occurrences && isSeries(written)) writeOccurrences(written, values.values(), had);
        return reread(current.peerId());
    }

    /**
     * Exceptions and edited occurrences Koppel holds that the series lacks: the occurrence deleted,
     * or updated to the edit. What Outlook holds beyond them stays.
     */
    private void writeOccurrences(JsonNode master, Map<String, String> wanted, Map<String, String> had) {
        var cancel = new LinkedHashSet<>(split(wanted.get(EXCEPTIONS)));
        cancel.removeAll(split(had.get(EXCEPTIONS)));
        var edits = new ArrayList<>(OccurrenceEdits.decode(wanted.get(OCCURRENCE_EDITS)));
        edits.removeAll(OccurrenceEdits.decode(had.get(OCCURRENCE_EDITS)));
        if (cancel.isEmpty() && edits.isEmpty()) return;
        ZoneId zone = GraphEvents.zone(master);
        boolean allDay = GraphEvents.allDay(master);
        var byStart = new HashMap<String, String>();
        for (JsonNode i : instances(List.of(master)).getOrDefault(master.path("id").asString(), List.of())) {
            Instant original = GraphEvents.originalStart(i, zone, allDay);
            if (original != null) byStart.put(GraphEvents.slotForm(original, zone, allDay), i.path("id").asString());
        }
        for (String start : cancel) {
            String occurrence = byStart.get(start);
            if (occurrence == null) continue;
            GraphResponse r = client.send("DELETE", eventPath(occurrence), Map.of(), null);
            if (!r.ok() && r.status() != 404) throw failure(r, "leave out the occurrence of " + start);
        }
        for (OccurrenceEdits.Edit edit : edits) {
            String occurrence = byStart.get(edit.recurrenceId());
            if (occurrence == null || cancel.contains(edit.recurrenceId())) continue;
            GraphResponse r = client.send("PATCH", eventPath(occurrence), preferUtc(), GraphEvents.forOccurrence(edit, zone, allDay));
            if (!r.ok() && r.status() != 404) throw failure(r, "edit the occurrence of " + edit.recurrenceId());
        }
    }

    private static Set<String> split(String list) {
        return list == null || list.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(list.split(",")));
    }

    private PeerItem reread(String id) {
        Read read = read(List.of(id), x -> null);
        if (!read.rejected().isEmpty()) throw new PeerException.ItemRejected(read.rejected().values().iterator().next(), null);
        if (read.items().isEmpty()) throw new PeerException.VersionMismatch("the event was deleted in Outlook meanwhile", null);
        return read.items().getFirst();
    }

    @Override
    public void delete(String peerId, String version) {
        GraphResponse r = client.send("DELETE", eventPath(peerId),
                version == null ? Map.of() : Map.of("If-Match", GraphItems.etag(changeKey(version))), null);
        if (r.ok() || r.status() == 404) return;
        throw failure(r, "delete an event");
    }

    /**
     * The event of the default calendar already stamped with this CRM id ("Get
     * singleValueLegacyExtendedProperty" with $filter), read whole; null when there is none.
     */
    private PeerItem stamped(long crmId) {
        GraphResponse r = client.get(CALENDAR_EVENTS + "?" + ExtendedProperties.stampFilterQuery(crmId) + "&$top=1&$select=id", preferUtc());
        if (!r.ok()) throw failure(r, "look for the event of record " + crmId);
        String id = r.body().path("value").path(0).path("id").asString("");
        if (id.isEmpty()) return null;
        Read read = read(List.of(id), x -> null);
        return read.items().isEmpty() ? null : read.items().getFirst();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private PeerException failure(GraphResponse r, String what) {
        return GraphErrors.failure(r, what, client.clock(), "event", DataType.APPOINTMENTS);
    }

    private static String eventPath(String id) {
        return "/me/events/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> preferUtc() {
        return Map.of("Prefer", GraphEvents.UTC_PREFERENCE);
    }

    private static Map<String, String> withUtc(Map<String, String> headers) {
        var all = new HashMap<>(headers);
        all.put("Prefer", GraphEvents.UTC_PREFERENCE);
        return all;
    }

    /** The cursor; one too long to store (very many series in the window) lists everything next time instead. */
    private String cursor(String deltaLink, Collection<String> series) {
        String from = window().from().toString();
        String to = window().to().toString();
        String full = json.writeValueAsString(new GraphCursor(GraphCursor.CURRENT, null, deltaLink, from, to, List.copyOf(series)));
        if (full.length() <= MAX_CURSOR) return full;
        return json.writeValueAsString(new GraphCursor(GraphCursor.CURRENT, null, null, from, to, List.of()));
    }

}
