package org.koppel.testkit.google;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Calendar API v3 event calls on a user's primary calendar, each from its reference page:
 * <ul>
 *   <li>GET /calendar/v3/calendars/primary/events: https://developers.google.com/calendar/api/v3/reference/events/list</li>
 *   <li>POST .../events: https://developers.google.com/calendar/api/v3/reference/events/insert</li>
 *   <li>GET .../events/{eventId}: https://developers.google.com/calendar/api/v3/reference/events/get</li>
 *   <li>PUT .../events/{eventId}: https://developers.google.com/calendar/api/v3/reference/events/update</li>
 *   <li>PATCH .../events/{eventId}: https://developers.google.com/calendar/api/v3/reference/events/patch</li>
 *   <li>DELETE .../events/{eventId}: https://developers.google.com/calendar/api/v3/reference/events/delete</li>
 * </ul>
 * Errors take the shape and reasons of "Handle API errors" (https://developers.google.com/calendar/api/guides/errors);
 * conditional writes follow "Versions of resources" (https://developers.google.com/calendar/api/guides/version-resources).
 */
final class CalendarRoutes {

    static final String CALENDAR = "https://www.googleapis.com/auth/calendar";
    static final String CALENDAR_READONLY = "https://www.googleapis.com/auth/calendar.readonly";
    static final String EVENTS = "https://www.googleapis.com/auth/calendar.events";
    static final String EVENTS_READONLY = "https://www.googleapis.com/auth/calendar.events.readonly";
    private static final String DOMAIN = "calendar";
    /** Event ids: "characters allowed in the ID are those used in base32hex encoding, i.e. lowercase letters a-v and digits 0-9", 5 to 1024 long. */
    private static final Pattern ID = Pattern.compile("[a-v0-9]{5,1024}");
    /** An occurrence's id: its series' id, "_", its original start in UTC (timed) or its date (all-day), as Google writes them. */
    private static final Pattern INSTANCE = Pattern.compile("([a-v0-9]{5,1024})_(\\d{8}(T\\d{6}Z)?)");
    private static final DateTimeFormatter INSTANCE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** "syncToken: ... There are several query parameters that cannot be specified together with nextSyncToken". */
    private static final Set<String> NOT_WITH_SYNC_TOKEN = Set.of("iCalUID", "orderBy", "privateExtendedProperty", "q",
            "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin");

    private record Listing(String user, String fingerprint, List<ObjectNode> items, int offset, long syncSeq) {
    }

    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    static String kind(PeopleRoutes.Request r) {
        List<String> s = r.segments();
        if (s.size() < 3 || !s.get(0).equals("calendars")) return "unknown";
        if (s.size() == 3 && s.get(2).equals("events")) return r.method().equals("POST") ? "events.insert" : "events.list";
        if (s.size() == 4 && s.get(2).equals("events")) {
            return switch (r.method()) {
                case "GET" -> "events.get";
                case "PUT" -> "events.update";
                case "PATCH" -> "events.patch";
                case "DELETE" -> "events.delete";
                default -> "unknown";
            };
        }
        return "unknown";
    }

    GoogleResponse handle(PeopleRoutes.Request r, FakeCalendar calendar, String ifMatch, Instant now) {
        String kind = kind(r);
        if (kind.equals("unknown")) return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        boolean write = !kind.equals("events.list") && !kind.equals("events.get");
        // "Authorization scopes" on each method's page: reads take any calendar scope, writes calendar or calendar.events
        boolean allowed = write ? r.scopes().contains(CALENDAR) || r.scopes().contains(EVENTS)
                : r.scopes().stream().anyMatch(Set.of(CALENDAR, CALENDAR_READONLY, EVENTS, EVENTS_READONLY)::contains);
        if (!allowed) {
            return GoogleResponse.legacy(403, "global", "insufficientPermissions", "Request had insufficient authentication scopes.")
                    .header("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\"");
        }
        // Only the primary calendar is modelled ("If you want to access the primary calendar of the currently logged in
        // user, use the "primary" keyword"); the account's address names it too.
        String calendarId = r.segments().get(1);
        if (!calendarId.equals("primary") && !calendarId.equals(r.user())) {
            return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        }
        return switch (kind) {
            case "events.list" -> list(r, calendar, now);
            case "events.insert" -> insert(r, calendar, now);
            case "events.get" -> get(r, calendar);
            case "events.update" -> write(r, calendar, ifMatch, now, false);
            case "events.patch" -> write(r, calendar, ifMatch, now, true);
            case "events.delete" -> delete(r, calendar, ifMatch, now);
            default -> GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        };
    }

    // ---- events.list --------------------------------------------------------------------------

    private GoogleResponse list(PeopleRoutes.Request r, FakeCalendar calendar, Instant now) {
        // "maxResults: ... By default the value is 250 events. The page size can never be larger than 2500 events."
        int max;
        try {
            max = r.first("maxResults") == null ? 250 : Integer.parseInt(r.first("maxResults"));
        } catch (NumberFormatException e) {
            return invalid("Invalid value for maxResults");
        }
        if (max < 1) return invalid("Invalid value for maxResults");
        max = Math.min(max, 2500);
        // Expanding series into instances is not modelled: Koppel reads series as series.
        if ("true".equals(r.first("singleEvents"))) return invalid("singleEvents=true is not modelled by the fake");
        String pageToken = r.first("pageToken");
        Listing listing;
        if (pageToken != null && !pageToken.isEmpty()) {
            listing = listings.get(pageToken);
            if (listing == null || !listing.user().equals(r.user()) || !listing.fingerprint().equals(fingerprint(r))) {
                return invalid("Invalid page token value.");
            }
        } else {
            String syncToken = r.first("syncToken");
            if (syncToken != null && !syncToken.isEmpty()) {
                for (String p : NOT_WITH_SYNC_TOKEN) {
                    if (r.first(p) != null) return invalid("Sync token cannot be used with the " + p + " parameter.");
                }
                // "Deletions since the previous list request will always be in the result set and it is not allowed
                // to set showDeleted to False."
                if ("false".equals(r.first("showDeleted"))) return invalid("showDeleted cannot be false with a sync token.");
                String[] parts = decode(syncToken);
                if (parts == null || parts.length != 2 || !parts[0].equals(r.user())) return invalid("Invalid sync token value.");
                long since = Long.parseLong(parts[1]);
                // "If the syncToken expires, the server will respond with a 410 GONE response code and the client should
                // clear its storage and perform a full synchronization without any syncToken." Reason fullSyncRequired:
                // "Handle API errors", 410: Gone.
                if (since < calendar.expiredBefore) {
                    return GoogleResponse.legacy(410, DOMAIN, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
                }
                List<ObjectNode> items = calendar.changedSince(since).stream()
                        .map(e -> FakeCalendar.representation(e, r.user())).toList();
                listing = new Listing(r.user(), fingerprint(r), items, 0, calendar.sequence());
            } else {
                var filtered = filter(r, calendar);
                if (filtered.error() != null) return filtered.error();
                listing = new Listing(r.user(), fingerprint(r), filtered.items(), 0, calendar.sequence());
            }
        }
        int end = Math.min(listing.items().size(), listing.offset() + max);
        ObjectNode body = GoogleResponse.JSON.createObjectNode();
        body.put("kind", "calendar#events");
        body.put("summary", r.user());
        body.put("timeZone", "UTC");
        body.put("updated", now.toString());
        ArrayNode items = body.putArray("items");
        listing.items().subList(listing.offset(), end).forEach(items::add);
        if (end < listing.items().size()) {
            String next = "cp-" + UUID.randomUUID();
            listings.put(next, new Listing(listing.user(), listing.fingerprint(), listing.items(), end, listing.syncSeq()));
            body.put("nextPageToken", next);
        } else {
            // "nextSyncToken: Token used at a later point in time to retrieve only the entries that have changed since
            // this result was returned. Omitted if further results are available, in which case nextPageToken is provided."
            body.put("nextSyncToken", syncToken(r.user(), listing.syncSeq()));
        }
        return GoogleResponse.json(200, body);
    }

    private record Filtered(List<ObjectNode> items, GoogleResponse error) {
    }

    private static Filtered filter(PeopleRoutes.Request r, FakeCalendar calendar) {
        Instant timeMin;
        Instant timeMax;
        Instant updatedMin;
        try {
            timeMin = instant(r.first("timeMin"));
            timeMax = instant(r.first("timeMax"));
            updatedMin = instant(r.first("updatedMin"));
        } catch (DateTimeParseException e) {
            return new Filtered(null, invalid("Bad Request"));
        }
        if (timeMin != null && timeMax != null && !timeMin.isBefore(timeMax)) {
            return new Filtered(null, GoogleResponse.legacy(400, DOMAIN, "timeRangeEmpty", "The specified time range is empty."));
        }
        boolean showDeleted = "true".equals(r.first("showDeleted"));
        String iCalUid = r.first("iCalUID");
        List<String> stamps = r.query().getOrDefault("privateExtendedProperty", List.of());
        var items = new java.util.ArrayList<ObjectNode>();
        for (FakeCalendar.Event e : calendar.all()) {
            // "showDeleted: Whether to include deleted events (with status equals "cancelled") in the result. Cancelled
            // instances of recurring events (but not the underlying recurring event) will still be included if
            // showDeleted and singleEvents are both False."
            if (e.cancelled() && !showDeleted && e.recurringEventId() == null) continue;
            if (updatedMin != null && e.updated.isBefore(updatedMin)) continue;
            ObjectNode rep = FakeCalendar.representation(e, r.user());
            if (iCalUid != null && !iCalUid.equals(rep.path("iCalUID").asString(""))) continue;
            // "privateExtendedProperty: Extended properties constraint specified as propertyName=value. Matches only private properties."
            if (!stamps.stream().allMatch(s -> s.contains("=") && s.substring(s.indexOf('=') + 1)
                    .equals(rep.path("extendedProperties").path("private").path(s.substring(0, s.indexOf('='))).asString(null)))) continue;
            // "timeMin: Lower bound (exclusive) for an event's end time"; "timeMax: Upper bound (exclusive) for an event's
            // start time". A series is kept while it starts before timeMax (its last occurrence is not worked out).
            Instant start = when(rep.path("start"));
            Instant end = when(rep.path("end"));
            boolean series = rep.has("recurrence");
            if (timeMax != null && start != null && !start.isBefore(timeMax)) continue;
            if (timeMin != null && end != null && !series && !end.isAfter(timeMin)) continue;
            items.add(rep);
        }
        return new Filtered(items, null);
    }

    // ---- insert, get, update, patch, delete ---------------------------------------------------

    private GoogleResponse insert(PeopleRoutes.Request r, FakeCalendar calendar, Instant now) {
        if (r.body() == null || !r.body().isObject()) return invalid("Bad Request");
        GoogleResponse bad = validate(r.body());
        if (bad != null) return bad;
        String id = r.body().path("id").asString(null);
        if (id != null) {
            // "id: Opaque identifier of the event. When creating new single or recurring events, you can specify their
            // IDs. Provided IDs must follow these rules: characters allowed ... base32hex ... the length of the ID must be
            // between 5 and 1024 characters; the ID must be unique per calendar" (Events resource)
            if (!ID.matcher(id).matches()) return GoogleResponse.legacy(400, "global", "invalid", "Invalid resource id value.");
            // "409: The requested identifier already exists" ("Handle API errors", reason duplicate); a deleted event
            // keeps its id (its tombstone is still listed with showDeleted).
            if (calendar.get(id) != null) return GoogleResponse.legacy(409, "global", "duplicate", "The requested identifier already exists.");
        } else {
            id = calendar.newId();
        }
        FakeCalendar.Event e = calendar.put(id, FakeCalendar.writable(r.body()), now);
        return GoogleResponse.json(200, FakeCalendar.representation(e, r.user()));
    }

    private GoogleResponse get(PeopleRoutes.Request r, FakeCalendar calendar) {
        FakeCalendar.Event e = event(r, calendar);
        if (e == null) return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        // A deleted event is still found, with status "cancelled" (as a sync shows it).
        return GoogleResponse.json(200, FakeCalendar.representation(e, r.user()));
    }

    private GoogleResponse write(PeopleRoutes.Request r, FakeCalendar calendar, String ifMatch, Instant now, boolean patch) {
        if (r.body() == null || !r.body().isObject()) return invalid("Bad Request");
        String id = r.segments().get(3);
        FakeCalendar.Event e = calendar.get(id);
        if (e == null) e = instance(id, calendar, now);
        if (e == null) return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        GoogleResponse stale = precondition(e, ifMatch);
        if (stale != null) return stale;
        // "403: Forbidden for non-organizer. The event update request is attempting to set one of the shared event
        // properties in a copy that isn't the organizer's." ("Handle API errors"); unless the organiser lets guests modify.
        if (e.invitation(r.user()) && !e.fields.path("guestsCanModify").asBoolean(false)) {
            return GoogleResponse.legacy(403, DOMAIN, "forbiddenForNonOrganizer", "Shared properties can only be changed by the organizer of the event.");
        }
        ObjectNode fields;
        if (patch) {
            // "This method supports patch semantics": the fields sent replace those held; arrays are replaced whole.
            fields = e.fields.deepCopy();
            ObjectNode given = FakeCalendar.writable(r.body());
            given.properties().forEach(f -> fields.set(f.getKey(), f.getValue()));
            r.body().properties().forEach(f -> {
                if (f.getValue().isNull()) fields.remove(f.getKey());
            });
        } else {
            // "This method does not support patch semantics and always updates the entire event resource."
            fields = FakeCalendar.writable(r.body());
            if (e.recurringEventId() != null) {
                fields.put("recurringEventId", e.recurringEventId());
                if (!fields.has("originalStartTime")) fields.set("originalStartTime", e.fields.get("originalStartTime"));
            }
            if (!fields.has("status") && e.cancelled()) fields.put("status", "cancelled");
        }
        if (e.fields.has("organizer")) fields.set("organizer", e.fields.get("organizer"));
        if (e.recurringEventId() != null) fields.put("recurringEventId", e.recurringEventId());
        GoogleResponse bad = validate(fields);
        if (bad != null) return bad;
        return GoogleResponse.json(200, FakeCalendar.representation(calendar.put(e.id, fields, now), r.user()));
    }

    private GoogleResponse delete(PeopleRoutes.Request r, FakeCalendar calendar, String ifMatch, Instant now) {
        String id = r.segments().get(3);
        FakeCalendar.Event e = calendar.get(id);
        if (e == null) e = instance(id, calendar, now);
        if (e == null) return GoogleResponse.legacy(404, "global", "notFound", "Not Found");
        // "410: Gone ... deleted: Resource has been deleted" ("Handle API errors")
        if (e.cancelled()) return GoogleResponse.legacy(410, "global", "deleted", "Resource has been deleted");
        GoogleResponse stale = precondition(e, ifMatch);
        if (stale != null) return stale;
        calendar.cancel(e, now);
        // "If successful, this method returns an empty response body."
        return new GoogleResponse(204, new java.util.LinkedHashMap<>(), null);
    }

    /**
     * "412: Precondition Failed. The etag supplied in the If-match header no longer corresponds to the current etag of
     * the resource." (reason conditionNotMet, "Handle API errors"; "Versions of resources": conditional modification).
     */
    private static GoogleResponse precondition(FakeCalendar.Event e, String ifMatch) {
        if (ifMatch == null || ifMatch.equals("*") || ifMatch.equals(e.etag())) return null;
        return GoogleResponse.legacy(412, "global", "conditionNotMet", "Precondition Failed");
    }

    /**
     * An occurrence not changed yet, addressed by its instance id: made an event of its own from its series, as
     * events.instances would show it. Whether the rule gives an occurrence at that start is not checked.
     */
    private static FakeCalendar.Event instance(String id, FakeCalendar calendar, Instant now) {
        var m = INSTANCE.matcher(id);
        if (!m.matches()) return null;
        FakeCalendar.Event master = calendar.get(m.group(1));
        if (master == null || master.cancelled() || !master.fields.has("recurrence")) return null;
        ObjectNode fields = master.fields.deepCopy();
        // an occurrence shares its series' iCalUID (one iCalendar object: the series and its RECURRENCE-ID overrides)
        fields.remove("recurrence");
        fields.put("recurringEventId", master.id);
        boolean allDay = master.fields.path("start").has("date");
        String zone = master.fields.path("start").path("timeZone").asString(null);
        ObjectNode original = fields.putObject("originalStartTime");
        ObjectNode start = GoogleResponse.JSON.createObjectNode();
        ObjectNode end = GoogleResponse.JSON.createObjectNode();
        if (allDay) {
            LocalDate day = LocalDate.parse(m.group(2), DateTimeFormatter.BASIC_ISO_DATE);
            long days = LocalDate.parse(master.fields.path("start").path("date").asString())
                    .until(LocalDate.parse(master.fields.path("end").path("date").asString()), java.time.temporal.ChronoUnit.DAYS);
            original.put("date", day.toString());
            start.put("date", day.toString());
            end.put("date", day.plusDays(days).toString());
        } else {
            Instant at = Instant.from(INSTANCE_TIME.parse(m.group(2)));
            java.time.Duration length = java.time.Duration.between(when(master.fields.path("start")), when(master.fields.path("end")));
            original.put("dateTime", at.toString());
            start.put("dateTime", at.toString());
            end.put("dateTime", at.plus(length).toString());
            if (zone != null) {
                original.put("timeZone", zone);
                start.put("timeZone", zone);
                end.put("timeZone", zone);
            }
        }
        fields.set("start", start);
        fields.set("end", end);
        return calendar.put(id, fields, now);
    }

    /**
     * What an event must hold: start and end, each a date or a dateTime; "timeZone ... For recurring events this
     * field is required and specifies the time zone in which the recurrence is expanded" (Events resource); a
     * dateTime "A time zone offset is required unless a time zone is explicitly specified in timeZone".
     */
    private static GoogleResponse validate(JsonNode event) {
        if (event.path("status").asString("").equals("cancelled")) return null;
        for (String side : List.of("start", "end")) {
            JsonNode t = event.path(side);
            if (!t.isObject() || !(t.has("date") || t.has("dateTime"))) {
                return GoogleResponse.legacy(400, "global", "required", "Missing " + side + " time.");
            }
            if (t.has("dateTime") && !t.has("timeZone") && !hasOffset(t.path("dateTime").asString(""))) {
                return GoogleResponse.legacy(400, "global", "invalid", "Missing time zone definition for " + side + " time.");
            }
            if (event.has("recurrence") && t.has("dateTime") && !t.has("timeZone")) {
                return GoogleResponse.legacy(400, "global", "invalid", "Missing time zone definition for " + side + " time.");
            }
        }
        if (event.has("recurrence") && !event.path("recurrence").isArray()) return invalid("Invalid recurrence rule.");
        for (JsonNode line : event.path("recurrence")) {
            String l = line.asString("");
            if (!(l.startsWith("RRULE:") || l.startsWith("EXRULE:") || l.startsWith("RDATE") || l.startsWith("EXDATE"))) {
                return invalid("Invalid recurrence rule.");
            }
        }
        Instant start = when(event.path("start"));
        Instant end = when(event.path("end"));
        if (start != null && end != null && end.isBefore(start)) {
            return GoogleResponse.legacy(400, DOMAIN, "timeRangeEmpty", "The specified time range is empty.");
        }
        return null;
    }

    private static boolean hasOffset(String dateTime) {
        return dateTime.endsWith("Z") || dateTime.matches(".*[+-]\\d\\d:\\d\\d$");
    }

    /** A start or end as an instant (an all-day one at midnight UTC), null when unreadable. */
    static Instant when(JsonNode t) {
        try {
            if (t.has("date")) return LocalDate.parse(t.path("date").asString()).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!t.has("dateTime")) return null;
            String dt = t.path("dateTime").asString();
            if (hasOffset(dt)) return OffsetDateTime.parse(dt).toInstant();
            java.time.ZoneId zone = java.time.ZoneId.of(t.path("timeZone").asString("UTC"));
            return java.time.LocalDateTime.parse(dt).atZone(zone).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static FakeCalendar.Event event(PeopleRoutes.Request r, FakeCalendar calendar) {
        return calendar.get(r.segments().get(3));
    }

    private static Instant instant(String rfc3339) {
        return rfc3339 == null ? null : OffsetDateTime.parse(rfc3339).toInstant();
    }

    private static GoogleResponse invalid(String message) {
        return GoogleResponse.legacy(400, "global", "invalid", message);
    }

    private static String syncToken(String user, long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((user + "\n" + seq).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String fingerprint(PeopleRoutes.Request r) {
        StringBuilder b = new StringBuilder();
        r.query().entrySet().stream().sorted(Map.Entry.comparingByKey()).filter(e -> !e.getKey().equals("pageToken"))
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('&'));
        return Integer.toHexString(b.toString().hashCode());
    }
}
