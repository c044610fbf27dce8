package org.koppel.testkit.graph;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.koppel.connector.WindowsZones;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The default calendar of each mailbox of the Graph fake: events (single instances, series masters
 * with their exceptions and cancelled occurrences), their versions and the calendar view delta
 * tokens handed out. {@link CalendarRoutes} serves the calls; the public methods here are test hooks
 * playing the user in Outlook. Shapes from "event resource type" (https://learn.microsoft.com/graph/api/resources/event).
 *
 * <p>Versions: "changeKey: Identifies the version of the event object. Every time the event is
 * changed, ChangeKey changes as well" (event resource); {@code @odata.etag} is W/"changeKey". An
 * occurrence carries its master's changeKey; an exception its own. Editing or cancelling one
 * occurrence leaves the master's changeKey as it was: the reference pages do not say it changes,
 * so the fake takes the case that is harder for a client.
 *
 * <p>Changing a series' start, end or recurrence drops its exceptions and cancellations, as Outlook
 * warns the user it will ("changes made to specific occurrences will be lost"; not from a Graph page).
 */
public final class FakeCalendar {

    static final DateTimeFormatter GRAPH_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS");

    /** One stored event: a single instance, a series master or an exception of a series. */
    static final class Ev {
        final String id;
        final ObjectNode props;
        final Map<String, String[]> extended = new LinkedHashMap<>();
        final Instant created;
        String type;
        String seriesMasterId;
        Instant originalStart;
        String changeKey;
        Instant modified;
        /** Occurrences left out (deleted or cancelled), by original start: series masters only. */
        final Set<Instant> cancelled = new TreeSet<>();

        Ev(String id, ObjectNode props, Instant now) {
            this.id = id;
            this.props = props;
            this.created = now;
        }

        ZoneId zone() {
            return WindowsZones.zone(props.path("start").path("timeZone").asString("UTC"), ZoneOffset.UTC);
        }

        boolean allDay() {
            return props.path("isAllDay").asBoolean(false);
        }

        LocalDateTime localStart() {
            return LocalDateTime.parse(props.path("start").path("dateTime").asString());
        }

        Instant start() {
            return localStart().atZone(zone()).toInstant();
        }

        Instant end() {
            return LocalDateTime.parse(props.path("end").path("dateTime").asString())
                    .atZone(WindowsZones.zone(props.path("end").path("timeZone").asString("UTC"), ZoneOffset.UTC)).toInstant();
        }
    }

    /** One occurrence of a view: a stored event or an occurrence generated from its master. */
    record Entry(String id, Ev source, String type, Instant originalStart, Instant start, Instant end, String changeKey) {
    }

    static final class TokenExpired extends RuntimeException {
        TokenExpired() {
            super("sync state not found", null, false, false);
        }
    }

    private record Token(Instant from, Instant to, Map<String, String> seen) {
    }

    private record Round(List<ObjectNode> remaining, String deltaToken) {
    }

    record DeltaPage(List<ObjectNode> value, String skipToken, String deltaToken) {
    }

    /** One mailbox's default calendar. */
    static final class Calendar {
        final Map<String, Ev> events = new LinkedHashMap<>();
        final Map<String, Token> tokens = new HashMap<>();
        final Map<String, Round> rounds = new HashMap<>();
        final AtomicLong invitations = new AtomicLong();
    }

    private final Map<String, Calendar> calendars = new ConcurrentHashMap<>();

    FakeCalendar() {
    }

    Calendar of(String mailbox) {
        return calendars.computeIfAbsent(mailbox, m -> new Calendar());
    }

    // ---- the user in Outlook ------------------------------------------------------------------

    /** The user creates an event; {@code eventJson} as "Create event" takes it. Returns its id. */
    public String outlookCreate(String mailbox, String eventJson) {
        JsonNode body = FakeExchange.JSON.readTree(eventJson);
        String problem = EventShape.problem(body, true);
        if (problem != null) throw new IllegalArgumentException(problem);
        return create(mailbox, body).id;
    }

    /** The user edits an event, a series, or one occurrence (which becomes an exception): PATCH semantics. */
    public void outlookEdit(String mailbox, String eventId, String changesJson) {
        JsonNode body = FakeExchange.JSON.readTree(changesJson);
        String problem = EventShape.problem(body, false);
        if (problem != null) throw new IllegalArgumentException(problem);
        if (patch(mailbox, eventId, body) == null) throw new IllegalArgumentException("no event " + eventId);
    }

    /** The user deletes an event or a whole series; for an occurrence see {@link #outlookCancelOccurrence}. */
    public void outlookDelete(String mailbox, String eventId) {
        if (!delete(mailbox, eventId)) throw new IllegalArgumentException("no event " + eventId);
    }

    /** The user edits the occurrence of a series that was to start at {@code originalStart}. */
    public void outlookEditOccurrence(String mailbox, String masterId, Instant originalStart, String changesJson) {
        outlookEdit(mailbox, occurrenceId(masterId, originalStart), changesJson);
    }

    /** The user deletes (cancels) the occurrence of a series that was to start at {@code originalStart}. */
    public void outlookCancelOccurrence(String mailbox, String masterId, Instant originalStart) {
        if (!delete(mailbox, occurrenceId(masterId, originalStart))) throw new IllegalArgumentException("no such occurrence");
    }

    /** The event as Graph returns it (UTC), with every extended property it holds; empty when gone. */
    public Optional<ObjectNode> event(String mailbox, String eventId) {
        Calendar c = of(mailbox);
        synchronized (c) {
            Entry e = entry(c, eventId);
            if (e == null) return Optional.empty();
            return Optional.of(representation(e, ZoneOffset.UTC, "UTC", null, allExtended(e.source())));
        }
    }

    /** Single events and series masters of the calendar, as {@link #event}. */
    public List<ObjectNode> events(String mailbox) {
        Calendar c = of(mailbox);
        synchronized (c) {
            return c.events.values().stream().filter(e -> !e.type.equals("exception"))
                    .map(e -> representation(entryOf(e), ZoneOffset.UTC, "UTC", null, allExtended(e))).toList();
        }
    }

    /** Every delta token and skip token of the mailbox's calendar is forgotten: the next delta with one is 410. */
    public void expireDeltaTokens(String mailbox) {
        Calendar c = of(mailbox);
        synchronized (c) {
            c.tokens.clear();
            c.rounds.clear();
        }
    }

    /** Events written through the API with attendees: Outlook would have sent that many invitations. */
    public long invitationsSent(String mailbox) {
        return of(mailbox).invitations.get();
    }

    /** The dates the fake expands a patternedRecurrence to, up to {@code until}: for checking a client's translation. */
    public static List<LocalDate> patternDates(JsonNode recurrence, LocalDate until) {
        return EventRecurrence.dates(recurrence, until);
    }

    /** The id Graph gives the occurrence of a series originally starting at {@code originalStart}. */
    public static String occurrenceId(String masterId, Instant originalStart) {
        return masterId + "_" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(originalStart.getEpochSecond()).getBytes(StandardCharsets.US_ASCII));
    }

    // ---- state --------------------------------------------------------------------------------

    Ev create(String mailbox, JsonNode body) {
        Calendar c = of(mailbox);
        synchronized (c) {
            Ev e = new Ev("AAMkAGV2Z" + random(24), EventShape.defaults(), now());
            EventShape.apply(e.props, body);
            String problem = EventShape.resultProblem(e.props);
            if (problem != null) throw new IllegalArgumentException(problem);
            e.props.put("originalStartTimeZone", e.props.path("start").path("timeZone").asString("UTC"));
            e.props.put("originalEndTimeZone", e.props.path("end").path("timeZone").asString("UTC"));
            // the mailbox's owner organises what is created in it
            e.props.putObject("organizer").putObject("emailAddress").put("name", mailbox).put("address", mailbox);
            e.type = e.props.path("recurrence").isObject() ? "seriesMaster" : "singleInstance";
            putExtended(e, body);
            c.events.put(e.id, e);
            changed(e);
            if (!body.path("attendees").isEmpty()) c.invitations.incrementAndGet();
            return e;
        }
    }

    /** PATCH of an event, a master, an exception, or an occurrence (made an exception). Null when there is none. */
    Entry patch(String mailbox, String id, JsonNode body) {
        Calendar c = of(mailbox);
        synchronized (c) {
            Entry target = entry(c, id);
            if (target == null) return null;
            Ev e = target.source();
            ObjectNode trial = e.props.deepCopy();
            if (target.type().equals("occurrence")) {
                trial.putNull("recurrence");
                trial.set("start", dateTimeTimeZone(target.start(), e.zone(), e.props.path("start").path("timeZone").asString()));
                trial.set("end", dateTimeTimeZone(target.end(), e.zone(), e.props.path("end").path("timeZone").asString()));
            }
            EventShape.apply(trial, body);
            String problem = EventShape.resultProblem(trial);
            if (problem != null) throw new IllegalArgumentException(problem);
            if (target.type().equals("occurrence")) {
                Ev master = e;
                e = new Ev(id, master.props.deepCopy(), now());
                e.props.putNull("recurrence");
                e.props.set("start", dateTimeTimeZone(target.start(), master.zone(), master.props.path("start").path("timeZone").asString()));
                e.props.set("end", dateTimeTimeZone(target.end(), master.zone(), master.props.path("end").path("timeZone").asString()));
                e.type = "exception";
                e.seriesMasterId = master.id;
                e.originalStart = target.originalStart();
                c.events.put(e.id, e);
            }
            boolean reshaped = e.type.equals("seriesMaster") && (body.has("start") || body.has("end") || body.has("recurrence"));
            EventShape.apply(e.props, body);
            if (e.type.equals("seriesMaster") && !e.props.path("recurrence").isObject()) e.type = "singleInstance";
            else if (e.type.equals("singleInstance") && e.props.path("recurrence").isObject()) e.type = "seriesMaster";
            if (reshaped) dropExceptions(c, e);
            putExtended(e, body);
            if (!body.path("attendees").isEmpty()) c.invitations.incrementAndGet();
            changed(e);
            return entry(c, id);
        }
    }

    /** Deletes an event or series; an occurrence or exception is left out of its series. False when there is none. */
    boolean delete(String mailbox, String id) {
        Calendar c = of(mailbox);
        synchronized (c) {
            Entry target = entry(c, id);
            if (target == null) return false;
            if (target.type().equals("occurrence") || target.type().equals("exception")) {
                Ev master = c.events.get(target.type().equals("occurrence") ? target.source().id : target.source().seriesMasterId);
                master.cancelled.add(target.originalStart());
                c.events.remove(id);
                return true;
            }
            if (target.type().equals("seriesMaster")) dropExceptions(c, target.source());
            c.events.remove(id);
            return true;
        }
    }

    private static void dropExceptions(Calendar c, Ev master) {
        c.events.values().removeIf(x -> master.id.equals(x.seriesMasterId));
        master.cancelled.clear();
    }

    /** An id as an entry: a stored event, or an occurrence of a master (not cancelled, not an exception). */
    Entry entry(Calendar c, String id) {
        Ev e = c.events.get(id);
        if (e != null) return entryOf(e);
        int bar = id.lastIndexOf('_');
        if (bar < 0) return null;
        Ev master = c.events.get(id.substring(0, bar));
        if (master == null || !master.type.equals("seriesMaster")) return null;
        Instant original;
        try {
            original = Instant.ofEpochSecond(Long.parseLong(new String(Base64.getUrlDecoder().decode(id.substring(bar + 1)), StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException garbage) {
            return null;
        }
        return occurrences(master, original, original.plusSeconds(1)).stream()
                .filter(o -> o.id().equals(id)).findFirst().orElse(null);
    }

    private Entry entryOf(Ev e) {
        return new Entry(e.id, e, e.type, e.originalStart, e.start(), e.end(), e.changeKey);
    }

    /** A master's occurrences (not exceptions, not cancelled) whose original start lies in {@code [from, to)}. */
    List<Entry> occurrences(Ev master, Instant from, Instant to) {
        ZoneId zone = master.zone();
        Duration length = Duration.between(master.start(), master.end());
        LocalDate until = to.atZone(zone).toLocalDate().plusDays(1);
        var out = new ArrayList<Entry>();
        for (LocalDate d : EventRecurrence.dates(master.props.path("recurrence"), until)) {
            Instant start = master.allDay() ? d.atStartOfDay(zone).toInstant() : d.atTime(master.localStart().toLocalTime()).atZone(zone).toInstant();
            if (start.isBefore(from) || !start.isBefore(to) || master.cancelled.contains(start)) continue;
            out.add(new Entry(occurrenceId(master.id, start), master, "occurrence", start, start, start.plus(length), master.changeKey));
        }
        return out;
    }

    /** Everything the calendar view of {@code [from, to)} holds: singles, occurrences and exceptions overlapping it. */
    List<Entry> view(Calendar c, Instant from, Instant to) {
        var out = new ArrayList<Entry>();
        for (Ev e : c.events.values()) {
            switch (e.type) {
                case "singleInstance", "exception" -> {
                    if (e.end().isAfter(from) && e.start().isBefore(to)) out.add(entryOf(e));
                }
                case "seriesMaster" -> {
                    Duration length = Duration.between(e.start(), e.end());
                    for (Entry o : occurrences(e, from.minus(length), to)) {
                        if (o.end().isAfter(from) && !exceptionAt(c, e, o.originalStart())) out.add(o);
                    }
                }
                default -> {
                }
            }
        }
        out.sort(Comparator.comparing(Entry::start));
        return out;
    }

    /** A series' occurrences and exceptions, original start in {@code [from, to)}, as "List instances". */
    List<Entry> instances(Calendar c, Ev master, Instant from, Instant to) {
        var out = new ArrayList<Entry>();
        for (Entry o : occurrences(master, from, to)) if (!exceptionAt(c, master, o.originalStart())) out.add(o);
        for (Ev x : c.events.values()) {
            if (master.id.equals(x.seriesMasterId) && !x.originalStart.isBefore(from) && x.originalStart.isBefore(to)) out.add(entryOf(x));
        }
        out.sort(Comparator.comparing(Entry::start));
        return out;
    }

    private static boolean exceptionAt(Calendar c, Ev master, Instant originalStart) {
        return c.events.values().stream().anyMatch(x -> master.id.equals(x.seriesMasterId) && originalStart.equals(x.originalStart));
    }

    // ---- delta --------------------------------------------------------------------------------

    /** The first page of a round: the whole view of the window, or what changed in the token's window since. */
    DeltaPage startDelta(Calendar c, Instant from, Instant to, String deltaToken, ZoneId zone, String zoneName, int pageSize) {
        synchronized (c) {
            Token token = null;
            if (deltaToken != null) {
                token = c.tokens.get(deltaToken);
                if (token == null) throw new TokenExpired();
                from = token.from();
                to = token.to();
            }
            var seen = new LinkedHashMap<String, String>();
            var entries = new ArrayList<ObjectNode>();
            for (Entry e : view(c, from, to)) {
                seen.put(e.id(), e.changeKey());
                if (token == null || !e.changeKey().equals(token.seen().get(e.id()))) {
                    entries.add(representation(e, zone, zoneName, null, null));
                }
            }
            if (token != null) {
                for (String gone : token.seen().keySet()) {
                    if (!seen.containsKey(gone)) {
                        ObjectNode removed = FakeExchange.JSON.createObjectNode().put("id", gone);
                        removed.putObject("@removed").put("reason", "deleted");
                        entries.add(removed);
                    }
                }
            }
            String next = random(18);
            c.tokens.put(next, new Token(from, to, seen));
            return page(c, new Round(entries, next), pageSize);
        }
    }

    DeltaPage continueDelta(Calendar c, String skipToken, int pageSize) {
        synchronized (c) {
            Round round = c.rounds.remove(skipToken);
            if (round == null) throw new TokenExpired();
            return page(c, round, pageSize);
        }
    }

    private static DeltaPage page(Calendar c, Round round, int pageSize) {
        if (round.remaining().size() <= pageSize) return new DeltaPage(round.remaining(), null, round.deltaToken());
        String skip = random(18);
        c.rounds.put(skip, new Round(round.remaining().subList(pageSize, round.remaining().size()), round.deltaToken()));
        return new DeltaPage(round.remaining().subList(0, pageSize), skip, null);
    }

    // ---- representation -----------------------------------------------------------------------

    /**
     * An entry as Graph returns it, start and end in {@code zone} ("Prefer: outlook.timezone", named
     * {@code zoneName}; UTC without it), optionally {@code select}ed and with the extended properties
     * {@code expand} names.
     */
    ObjectNode representation(Entry e, ZoneId zone, String zoneName, Set<String> select, List<String> expand) {
        Ev src = e.source();
        ObjectNode all = FakeExchange.JSON.createObjectNode();
        all.put("@odata.etag", "W/\"" + e.changeKey() + "\"");
        all.put("id", e.id());
        all.put("createdDateTime", src.created.toString());
        all.put("lastModifiedDateTime", src.modified.toString());
        all.put("changeKey", e.changeKey());
        all.setAll(src.props.deepCopy());
        all.put("type", e.type());
        all.put("isCancelled", false);
        if (e.type().equals("occurrence") || e.type().equals("exception")) {
            all.put("seriesMasterId", e.type().equals("occurrence") ? src.id : src.seriesMasterId);
            all.put("originalStart", e.originalStart().toString());
            all.putNull("recurrence");
        } else {
            all.putNull("seriesMasterId");
        }
        if (src.allDay()) {
            // all-day events float: their midnights are shown as they are, in whatever zone was asked for
            all.set("start", dateTime(LocalDateTime.ofInstant(e.start(), src.zone()), zoneName));
            all.set("end", dateTime(LocalDateTime.ofInstant(e.end(), src.zone()), zoneName));
        } else {
            all.set("start", dateTimeTimeZone(e.start(), zone, zoneName));
            all.set("end", dateTimeTimeZone(e.end(), zone, zoneName));
        }
        all.set("body", EventShape.bodyAsStored(src.props.path("body")));
        ObjectNode out = ODataQuery.shaped(all, select, expand, src.extended);
        return out;
    }

    String extendedValue(Ev e, String propertyId) {
        String[] p = e.extended.get(ExtendedIds.key(propertyId));
        return p == null ? null : p[1];
    }

    private static List<String> allExtended(Ev e) {
        return e.extended.values().stream().map(p -> p[0]).toList();
    }

    static ObjectNode dateTimeTimeZone(Instant at, ZoneId zone, String zoneName) {
        return dateTime(LocalDateTime.ofInstant(at, zone), zoneName);
    }

    private static ObjectNode dateTime(LocalDateTime local, String zoneName) {
        return FakeExchange.JSON.createObjectNode().put("dateTime", GRAPH_DATE_TIME.format(local)).put("timeZone", zoneName);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void putExtended(Ev e, JsonNode body) {
        for (JsonNode p : body.path(EventShape.EXTENDED)) {
            String id = p.path("id").asString("");
            e.extended.put(ExtendedIds.key(id), new String[]{id, p.path("value").isNull() ? null : p.path("value").asString("")});
        }
    }

    private static void changed(Ev e) {
        e.changeKey = "DwAAABYAAAA" + random(12);
        e.modified = now();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('_', '-');
    }

    static boolean valid(LocalDateTime t) {
        return t != null;
    }

    static LocalDateTime parseLocal(String s) {
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    static Set<String> names(String... n) {
        return new LinkedHashSet<>(List.of(n));
    }
}
