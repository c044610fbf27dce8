package org.koppel.testkit.graph;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import org.koppel.connector.WindowsZones;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event properties the fake takes on "Create event" (https://learn.microsoft.com/graph/api/user-post-events)
 * and "Update event" (https://learn.microsoft.com/graph/api/event-update), with the checks Graph makes:
 * an unknown property is 400 ("does not exist on type 'microsoft.graph.event'"), a time zone must be one
 * Graph knows ("dateTimeTimeZone resource type", https://learn.microsoft.com/graph/api/resources/datetimetimezone),
 * an all-day event starts and ends at midnight ("isAllDay: If true, regardless of whether it's a
 * single-day or multi-day event, start and end time must be set to midnight and be in the same time
 * zone", event resource), sensitivity is normal, personal, private or confidential.
 */
final class EventShape {

    static final String EXTENDED = "singleValueExtendedProperties";
    private static final Set<String> STRINGS = Set.of("subject", "showAs", "importance");
    private static final Set<String> BOOLEANS = Set.of("isAllDay", "isReminderOn", "isOnlineMeeting", "responseRequested",
            "allowNewTimeProposals", "hideAttendees");
    private static final Set<String> IGNORED = Set.of("@odata.type", "@odata.etag", "id", "changeKey", "createdDateTime",
            "lastModifiedDateTime", "type", "seriesMasterId", "originalStart", "organizer", "originalStartTimeZone",
            "originalEndTimeZone", "isCancelled", "iCalUId", "webLink", "bodyPreview");
    private static final List<String> SENSITIVITIES = List.of("normal", "personal", "private", "confidential");

    private EventShape() {
    }

    /** Why the body cannot be an event (create) or an event's change (update), property by property; null when it can. */
    static String problem(JsonNode body, boolean creating) {
        if (body == null || !body.isObject()) return "the body must be a JSON object";
        if (creating && (!body.has("start") || !body.has("end"))) return "start and end are required";
        for (var e : body.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (IGNORED.contains(name)) continue;
            String problem = switch (name) {
                case "subject", "showAs", "importance" -> v.isNull() || v.isString() ? null : "property '" + name + "' must be a string";
                case "isAllDay", "isReminderOn", "isOnlineMeeting", "responseRequested", "allowNewTimeProposals", "hideAttendees" ->
                        v.isBoolean() ? null : "property '" + name + "' must be a boolean";
                case "reminderMinutesBeforeStart" -> v.isInt() && v.asInt() >= 0 ? null : "reminderMinutesBeforeStart must be a whole number";
                case "sensitivity" -> SENSITIVITIES.contains(v.asString("")) ? null : "sensitivity '" + v.asString("") + "' is not valid";
                case "body" -> v.isObject() && List.of("text", "html").contains(v.path("contentType").asString("").toLowerCase())
                        ? null : "body must be an itemBody with contentType text or html";
                case "location" -> v.isObject() || v.isNull() ? null : "location must be a location";
                case "start", "end" -> dateTimeTimeZone(name, v);
                case "recurrence" -> v.isObject() || v.isNull() ? null : "recurrence must be a patternedRecurrence";
                case "attendees", "categories" -> v.isArray() ? null : "property '" + name + "' must be a collection";
                case EXTENDED -> extended(v);
                default -> STRINGS.contains(name) || BOOLEANS.contains(name) ? null
                        : "Property '" + name + "' does not exist on type 'microsoft.graph.event'";
            };
            if (problem != null) return problem;
        }
        return null;
    }

    /** Why an event as it would be after a create or update cannot be: all-day midnights, end before start, recurrence. */
    static String resultProblem(ObjectNode props) {
        LocalDateTime start = LocalDateTime.parse(props.path("start").path("dateTime").asString());
        LocalDateTime end = LocalDateTime.parse(props.path("end").path("dateTime").asString());
        if (props.path("isAllDay").asBoolean(false)) {
            if (!start.toLocalTime().equals(LocalTime.MIDNIGHT) || !end.toLocalTime().equals(LocalTime.MIDNIGHT)
                    || !props.path("start").path("timeZone").asString("").equals(props.path("end").path("timeZone").asString(""))) {
                return "An all-day event's start and end must be at midnight, in the same time zone";
            }
            if (!end.isAfter(start)) return "An all-day event must end at least a day after it starts";
        }
        var zoneStart = WindowsZones.zone(props.path("start").path("timeZone").asString(), java.time.ZoneOffset.UTC);
        var zoneEnd = WindowsZones.zone(props.path("end").path("timeZone").asString(), java.time.ZoneOffset.UTC);
        if (end.atZone(zoneEnd).toInstant().isBefore(start.atZone(zoneStart).toInstant())) return "The event's end is before its start";
        return EventRecurrence.problem(props.get("recurrence"), start.toLocalDate());
    }

    /** Copies the properties of {@code body} onto {@code stored}; collections are replaced whole. */
    static void apply(ObjectNode stored, JsonNode body) {
        for (var e : body.properties()) {
            if (IGNORED.contains(e.getKey()) || e.getKey().equals(EXTENDED)) continue;
            if (e.getKey().equals("start") || e.getKey().equals("end")) {
                // stored as given (local time and zone), the fraction Graph shows added
                LocalDateTime t = LocalDateTime.parse(e.getValue().path("dateTime").asString());
                stored.putObject(e.getKey()).put("dateTime", t.toString().length() == 16 ? t + ":00" : t.toString())
                        .put("timeZone", e.getValue().path("timeZone").asString());
            } else {
                stored.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        if (stored.path("location").isNull()) stored.putObject("location").put("displayName", "");
    }

    /** Every property with its default, as Graph returns an event. */
    static ObjectNode defaults() {
        ObjectNode e = FakeExchange.JSON.createObjectNode();
        e.put("subject", "");
        e.putObject("body").put("contentType", "html").put("content", "");
        e.put("isAllDay", false);
        e.putObject("location").put("displayName", "");
        e.put("sensitivity", "normal");
        e.put("isReminderOn", true);
        e.put("reminderMinutesBeforeStart", 15);
        e.put("showAs", "busy");
        e.put("importance", "normal");
        e.putArray("categories");
        e.putArray("attendees");
        e.putNull("recurrence");
        e.putObject("organizer").putObject("emailAddress").put("name", "").put("address", "");
        return e;
    }

    /**
     * The body as Outlook gives it back: a text body is kept as an HTML document (the shape of the
     * "Create event" response example), its lines as {@code <br>}, its characters escaped.
     */
    static ObjectNode bodyAsStored(JsonNode body) {
        ObjectNode out = FakeExchange.JSON.createObjectNode();
        out.put("contentType", "html");
        String content = body.path("content").asString("");
        if (body.path("contentType").asString("html").equalsIgnoreCase("text")) {
            String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                    .replace("\r\n", "\n").replace("\n", "<br>\r\n");
            content = content.isEmpty() ? "" : "<html>\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n"
                    + "</head>\r\n<body>\r\n" + escaped + "\r\n</body>\r\n</html>\r\n";
        }
        out.put("content", content);
        return out;
    }

    private static String dateTimeTimeZone(String name, JsonNode v) {
        if (!v.isObject()) return "property '" + name + "' must be a dateTimeTimeZone";
        if (FakeCalendar.parseLocal(v.path("dateTime").asString("")) == null) {
            return "Cannot convert the literal '" + v.path("dateTime").asString("") + "' to the expected type 'Edm.DateTime'";
        }
        if (WindowsZones.iana(v.path("timeZone").asString("")).isEmpty()) {
            return "A valid TimeZone value must be specified. The following TimeZone value is not supported: '"
                    + v.path("timeZone").asString("") + "'.";
        }
        return null;
    }

    private static String extended(JsonNode v) {
        if (!v.isArray()) return "property '" + EXTENDED + "' must be a collection";
        for (JsonNode p : v) {
            if (!ExtendedIds.valid(p.path("id").asString(""))) {
                return "PropertyId values may only be in one of the following formats: 'MapiPropertyType namespaceGuid Name propertyName', "
                        + "'MapiPropertyType namespaceGuid Id propertyId' or 'MapiPropertyType propertyTag'.";
            }
        }
        return null;
    }
}
