package org.koppel.testkit.google;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Google account's primary calendar as the Calendar API v3 keeps it: events by id, each with an etag that
 * changes with every write, and a change sequence from which sync tokens answer "what changed since". A deleted
 * event stays as {@code status: "cancelled"} so a sync can report it ("Deletions since the previous list request
 * will always be in the result set", events.list, https://developers.google.com/calendar/api/v3/reference/events/list).
 * A changed occurrence of a series is an event of its own with {@code recurringEventId} and
 * {@code originalStartTime}; a deleted occurrence is such an event, cancelled (Events resource,
 * https://developers.google.com/calendar/api/v3/reference/events).
 */
final class FakeCalendar {

    /** The fields a client writes ("writable" on the Events resource page) that the fake keeps. */
    static final Set<String> WRITABLE = Set.of("summary", "description", "location", "start", "end", "recurrence",
            "attendees", "reminders", "extendedProperties", "visibility", "transparency", "colorId", "status",
            "originalStartTime", "iCalUID", "guestsCanModify", "sequence");

    static final class Event {
        final String id;
        ObjectNode fields;
        long version;
        long changeSeq;
        Instant created;
        Instant updated;

        Event(String id) {
            this.id = id;
        }

        boolean cancelled() {
            return "cancelled".equals(fields.path("status").asString(""));
        }

        /** Opaque to clients (Google's are quoted numbers: "\"3181159875584000\""): only equality matters. */
        String etag() {
            return "\"" + (Math.abs((long) id.hashCode()) * 1000 + version) + "\"";
        }

        /** An event another organiser invited the user to (only the user in Google Calendar makes one, {@link FakeGoogleAgenda}). */
        boolean invitation(String user) {
            String organizer = fields.path("organizer").path("email").asString("");
            return !organizer.isEmpty() && !organizer.equalsIgnoreCase(user);
        }

        String recurringEventId() {
            return fields.path("recurringEventId").asString(null);
        }
    }

    private final Map<String, Event> events = new LinkedHashMap<>();
    private long nextId = 1;
    private long seq;
    /** Sync tokens issued before this sequence point are expired by a test ({@link FakeGoogle#expireCalendarSyncTokens}). */
    long expiredBefore;

    synchronized String newId() {
        // base32hex, as Google's own ids: lowercase a-v and 0-9
        return "g" + Long.toString(nextId++ * 7919 + 100_000, 32);
    }

    synchronized Event get(String id) {
        return events.get(id);
    }

    synchronized Event put(String id, ObjectNode fields, Instant now) {
        Event e = events.computeIfAbsent(id, Event::new);
        if (e.created == null) e.created = now;
        e.fields = fields;
        if (!fields.has("status")) fields.put("status", "confirmed");
        touch(e, now);
        return e;
    }

    /** Cancels the event; a series takes its changed and cancelled occurrences with it. */
    synchronized void cancel(Event e, Instant now) {
        e.fields.put("status", "cancelled");
        touch(e, now);
        for (Event other : events.values()) {
            if (e.id.equals(other.recurringEventId()) && !other.cancelled()) {
                other.fields.put("status", "cancelled");
                touch(other, now);
            }
        }
    }

    synchronized long sequence() {
        return seq;
    }

    synchronized List<Event> all() {
        return events.values().stream().sorted(Comparator.comparingLong(e -> e.changeSeq)).toList();
    }

    synchronized List<Event> changedSince(long since) {
        return new ArrayList<>(events.values().stream().filter(e -> e.changeSeq > since)
                .sorted(Comparator.comparingLong(e -> e.changeSeq)).toList());
    }

    private void touch(Event e, Instant now) {
        e.version++;
        e.changeSeq = ++seq;
        e.updated = now;
    }

    /** The event as the API shows it: the client's fields and the server's own. */
    static ObjectNode representation(Event e, String user) {
        ObjectNode r = GoogleResponse.JSON.createObjectNode();
        r.put("kind", "calendar#event");
        r.put("etag", e.etag());
        r.put("id", e.id);
        r.put("status", e.fields.path("status").asString("confirmed"));
        r.put("htmlLink", "https://www.google.com/calendar/event?eid=" + e.id);
        r.put("created", e.created.toString());
        r.put("updated", e.updated.toString());
        r.putObject("creator").put("email", user);
        r.putObject("organizer").put("email", user).put("self", true);
        for (var field : e.fields.properties()) {
            if (!field.getKey().equals("status")) r.set(field.getKey(), field.getValue().deepCopy());
        }
        if (e.invitation(user)) ((ObjectNode) r.get("organizer")).put("self", false);
        if (!r.has("iCalUID")) r.put("iCalUID", (e.recurringEventId() == null ? e.id : e.recurringEventId()) + "@google.com");
        if (!r.has("reminders")) r.putObject("reminders").put("useDefault", true);
        r.put("sequence", e.fields.path("sequence").asInt(0));
        r.put("eventType", "default");
        return r;
    }

    static ObjectNode writable(JsonNode body) {
        ObjectNode fields = GoogleResponse.JSON.createObjectNode();
        for (String f : WRITABLE) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull()) fields.set(f, v.deepCopy());
        }
        return fields;
    }
}
