package org.koppel.testkit.graph;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.koppel.connector.WindowsZones;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.koppel.testkit.graph.FakeExchange.Response;

/**
 * The calendar calls of Graph v1.0 as far as Koppel uses them, one method per documented call, on
 * the default calendar ({@link FakeCalendar} holds the events):
 * <ul>
 * <li>Create event, {@code POST /me/calendar/events} or {@code /me/events} (https://learn.microsoft.com/graph/api/user-post-events);
 * List events {@code GET /me/calendar/events} with the extended property $filter of "Get
 * singleValueLegacyExtendedProperty" (https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get),
 * $top, $skip, $select, $expand;</li>
 * <li>Get / Update / Delete event, {@code /me/events/{id}} (https://learn.microsoft.com/graph/api/event-get,
 * .../event-update, .../event-delete): If-Match with the changeKey, else 412; an occurrence's update
 * makes it an exception, its delete leaves it out of the series;</li>
 * <li>List instances, {@code GET /me/events/{id}/instances?startDateTime&endDateTime}
 * (https://learn.microsoft.com/graph/api/event-list-instances): both required, $select, $top, paged by @odata.nextLink;</li>
 * <li>event: delta on the calendar view, {@code GET /me/calendarView/delta?startDateTime&endDateTime}
 * (https://learn.microsoft.com/graph/api/event-delta, https://learn.microsoft.com/graph/delta-query-events):
 * the window only on the first request, paging by {@code Prefer: odata.maxpagesize} with $skiptoken
 * in @odata.nextLink and $deltatoken in @odata.deltaLink, {@code @removed} for what left the view, an
 * expired token 410 syncStateNotFound ("Use delta query", synchronization reset:
 * https://learn.microsoft.com/graph/delta-query-overview).</li>
 * </ul>
 * Times are shown in the zone of {@code Prefer: outlook.timezone}, UTC without it ("Get event":
 * "you can use the Prefer: outlook.timezone header to get all the date-related properties in the
 * response represented in a time zone different than UTC").
 */
final class CalendarRoutes {

    private final String baseUrl;
    private final FakeGraphSettings settings;
    private final FakeCalendar calendar;

    CalendarRoutes(String baseUrl, FakeGraphSettings settings, FakeCalendar calendar) {
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.calendar = calendar;
    }

    /** The request kind for the fake's counters; null when the request is not a calendar call. */
    static String kind(FakeExchange.Request r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.size() == 2 && s.get(0).equals("calendarView") && s.get(1).equals("delta")) return "event.delta";
        if (s.size() == 2 && s.get(0).equals("calendar") && s.get(1).equals("events")) return m.equals("POST") ? "event.create" : "event.list";
        if (s.size() == 1 && s.get(0).equals("events")) return m.equals("POST") ? "event.create" : "event.list";
        if (s.size() == 3 && s.get(0).equals("events") && s.get(2).equals("instances")) return "event.instances";
        if (s.size() == 2 && s.get(0).equals("events")) {
            return switch (m) {
                case "PATCH" -> "event.update";
                case "DELETE" -> "event.delete";
                default -> "event.get";
            };
        }
        return null;
    }

    /** The answer to a calendar call; null when the request is not one. */
    Response handle(FakeExchange.Request r) {
        String kind = kind(r);
        if (kind == null) return null;
        FakeCalendar.Calendar c = calendar.of(r.mailbox());
        List<String> s = r.segments();
        return switch (kind) {
            case "event.delta" -> r.method().equals("GET") ? delta(r, c) : GraphRoutes.notAllowed();
            case "event.create" -> create(r);
            case "event.list" -> r.method().equals("GET") ? list(r, c) : GraphRoutes.notAllowed();
            case "event.instances" -> r.method().equals("GET") ? instances(r, c, s.get(1)) : GraphRoutes.notAllowed();
            default -> event(r, c, s.get(1));
        };
    }

    private Response create(FakeExchange.Request r) {
        String problem = EventShape.problem(r.body(), true);
        if (problem != null) return Response.error(400, "ErrorInvalidRequest", problem);
        FakeCalendar.Ev e = calendar.create(r.mailbox(), r.body());
        Shown shown = shown(r);
        synchronized (calendar.of(r.mailbox())) {
            return Response.json(201, calendar.representation(calendar.entry(calendar.of(r.mailbox()), e.id), shown.zone, shown.name, null, null));
        }
    }

    /** "List events" of the default calendar: single events and series masters. */
    private Response list(FakeExchange.Request r, FakeCalendar.Calendar c) {
        var q = ODataQuery.ListQuery.of(r.query());
        ODataQuery.ExtendedFilter ep = q.filter();
        int top = q.top();
        int skip = q.skip();
        Shown shown = shown(r);
        synchronized (c) {
            List<FakeCalendar.Ev> matching = c.events.values().stream().filter(e -> !e.type.equals("exception"))
                    // "Filtering the value property of an extended property is case-insensitive."
                    .filter(e -> ep == null || ep.value().equalsIgnoreCase(calendar.extendedValue(e, ep.id()))).toList();
            ObjectNode body = FakeExchange.JSON.createObjectNode();
            ArrayNode value = body.putArray("value");
            matching.stream().skip(skip).limit(top).forEach(e -> value.add(calendar.representation(calendar.entry(c, e.id), shown.zone,
                    shown.name, q.select(), q.expand())));
            if (skip + top < matching.size()) body.put("@odata.nextLink", baseUrl + r.path() + "?$skip=" + (skip + top) + "&$top=" + top);
            return Response.json(200, body);
        }
    }

    private Response event(FakeExchange.Request r, FakeCalendar.Calendar c, String id) {
        Shown shown = shown(r);
        FakeCalendar.Entry target;
        synchronized (c) {
            target = calendar.entry(c, id);
            if (target == null) return GraphRoutes.notFound();
            if (r.method().equals("GET")) {
                return Response.json(200, calendar.representation(target, shown.zone, shown.name,
                        ODataQuery.select(r.query().get("$select")), ODataQuery.expandedIds(r.query().get("$expand"))));
            }
            // If-Match with the version read, as for contacts (GraphRoutes): 412 when the changeKey differs
            Response refused = GraphRoutes.precondition(r, target.changeKey());
            if (refused != null) return refused;
        }
        switch (r.method()) {
            case "PATCH" -> {
                String problem = EventShape.problem(r.body(), false);
                if (problem != null) return Response.error(400, "ErrorInvalidRequest", problem);
                FakeCalendar.Entry patched = calendar.patch(r.mailbox(), id, r.body());
                if (patched == null) return GraphRoutes.notFound();
                synchronized (c) {
                    return Response.json(200, calendar.representation(patched, shown.zone, shown.name, null, null));
                }
            }
            case "DELETE" -> {
                return calendar.delete(r.mailbox(), id) ? Response.empty(204) : GraphRoutes.notFound();
            }
            default -> {
                return GraphRoutes.notAllowed();
            }
        }
    }

    /** "List instances": occurrences and exceptions of a series whose original start lies in the range. */
    private Response instances(FakeExchange.Request r, FakeCalendar.Calendar c, String masterId) {
        Instant from = instant(r.query().get("startDateTime"));
        Instant to = instant(r.query().get("endDateTime"));
        if (from == null || to == null) {
            return Response.error(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string "
                    + "parameters StartDateTime and EndDateTime.");
        }
        int top = r.query().containsKey("$top") ? Math.min(1000, Integer.parseInt(r.query().get("$top"))) : 10;
        int skip = r.query().containsKey("$skip") ? Integer.parseInt(r.query().get("$skip")) : 0;
        Set<String> select = ODataQuery.select(r.query().get("$select"));
        Shown shown = shown(r);
        synchronized (c) {
            FakeCalendar.Ev master = c.events.get(masterId);
            if (master == null) return GraphRoutes.notFound();
            List<FakeCalendar.Entry> all = master.type.equals("seriesMaster") ? calendar.instances(c, master, from, to) : List.of();
            ObjectNode body = FakeExchange.JSON.createObjectNode();
            ArrayNode value = body.putArray("value");
            all.stream().skip(skip).limit(top).forEach(e -> value.add(calendar.representation(e, shown.zone, shown.name, select, null)));
            if (skip + top < all.size()) {
                body.put("@odata.nextLink", baseUrl + r.path() + "?startDateTime=" + from + "&endDateTime=" + to
                        + (select == null ? "" : "&$select=" + String.join(",", select)) + "&$top=" + top + "&$skip=" + (skip + top));
            }
            return Response.json(200, body);
        }
    }

    private Response delta(FakeExchange.Request r, FakeCalendar.Calendar c) {
        for (String unsupported : List.of("$select", "$expand", "$filter", "$orderby", "$search")) {
            // event: delta on a calendar view takes startDateTime, endDateTime and the state tokens only
            if (r.query().containsKey(unsupported)) return Response.error(400, "ErrorInvalidUrlQuery", unsupported + " is not supported by event delta");
        }
        int size = GraphRoutes.pageSize(settings, r.header("Prefer"));
        Shown shown = shown(r);
        FakeCalendar.DeltaPage page;
        try {
            String skip = r.query().get("$skiptoken");
            String deltaToken = r.query().get("$deltatoken");
            if (skip != null) {
                page = calendar.continueDelta(c, skip, size);
            } else if (deltaToken != null && !deltaToken.isEmpty()) {
                page = calendar.startDelta(c, null, null, deltaToken, shown.zone, shown.name, size);
            } else {
                Instant from = instant(r.query().get("startDateTime"));
                Instant to = instant(r.query().get("endDateTime"));
                if (from == null || to == null) {
                    return Response.error(400, "ErrorInvalidParameter", "This request requires a time window specified by the query "
                            + "string parameters StartDateTime and EndDateTime.");
                }
                page = calendar.startDelta(c, from, to, null, shown.zone, shown.name, size);
            }
        } catch (FakeCalendar.TokenExpired expired) {
            return GraphRoutes.syncStateNotFound();
        }
        return GraphRoutes.deltaPage(baseUrl, r, "event", page.value(), page.skipToken(), page.deltaToken(), size);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private record Shown(ZoneId zone, String name) {
    }

    /** The zone of {@code Prefer: outlook.timezone="..."}, UTC without one. */
    private static Shown shown(FakeExchange.Request r) {
        String prefer = r.header("Prefer");
        if (prefer != null) {
            for (String part : prefer.split(",")) {
                String p = part.strip();
                if (p.startsWith("outlook.timezone=")) {
                    String name = p.substring("outlook.timezone=".length()).replace("\"", "").strip();
                    return new Shown(WindowsZones.zone(name, ZoneOffset.UTC), name);
                }
            }
        }
        return new Shown(ZoneOffset.UTC, "UTC");
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException noOffset) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException garbage) {
                throw new IllegalArgumentException("'" + value + "' is not a date and time");
            }
        }
    }
}
