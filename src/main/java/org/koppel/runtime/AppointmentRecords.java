package org.koppel.runtime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koppel.connector.PeerItem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Limits;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Viewer;
import org.koppel.store.AppointmentStore;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.RelationStore;
import org.koppel.sync.AppointmentProjection;
import org.koppel.sync.AppointmentSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.RunReport.Outcome;
import org.koppel.sync.Snapshot;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;

/**
 * Appointments: those an employee organises, in their calendar while they touch the sync window
 * (CRMcorner: a month ahead). One that passes out of the window, or to a colleague, keeps its link and rests. An appointment
 * planned in the calendar comes into Koppel, linked to the relations whose e-mail address or name its
 * attendees or location carry (CRMcorner: linked when it names a contact; kept unlinked, never dropped,
 * when none matches). A delete on either side deletes nothing on the other.
 */
final class AppointmentRecords implements SyncedRecords<Appointment> {

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;\"']+@[^\\s<>,;\"']+\\.[^\\s<>,;\"']+");
    private static final String DEFAULT_ZONE = "UTC";

    private final AppointmentStore store;
    private final Appointments appointments;
    private final RelationStore relations;
    private final ChangeLogStore changeLog;

    AppointmentRecords(AppointmentStore store, Appointments appointments, RelationStore relations, ChangeLogStore changeLog) {
        this.store = store;
        this.appointments = appointments;
        this.relations = relations;
        this.changeLog = changeLog;
    }

    @Override
    public DataType type() {
        return DataType.APPOINTMENTS;
    }

    @Override
    public String noun() {
        return "appointments";
    }

    @Override
    public long id(Appointment a) {
        return a.id();
    }

    @Override
    public long version(Appointment a) {
        return a.version();
    }

    @Override
    public Instant updatedAt(Appointment a) {
        return a.updatedAt();
    }

    @Override
    public Map<Long, Appointment> load(Collection<Long> ids) {
        var byId = new HashMap<Long, Appointment>();
        store.load(List.copyOf(ids)).forEach(a -> byId.put(a.id(), a));
        return byId;
    }

    @Override
    public Set<Long> scope(Connection connection, SyncPolicy policy, SyncWindow window) {
        return store.idsOfOrganiserIn(connection.ownerId(), window.from(), window.to());
    }

    @Override
    public Set<Long> inScopeAmong(Connection connection, SyncPolicy policy, SyncWindow window, Collection<Long> ids) {
        return store.idsOfOrganiserIn(connection.ownerId(), window.from(), window.to(), ids);
    }

    @Override
    public boolean followsWindow() {
        return true;
    }

    @Override
    public Set<Long> changedSince(long cursor) {
        return changeLog.idsChangedAfter(cursor, RecordType.APPOINTMENT);
    }

    @Override
    public List<FieldMap.Row> rows(FieldMap map, Appointment a) {
        return map.rows();
    }

    @Override
    public Snapshot project(Appointment a, FieldMap map) {
        return AppointmentProjection.project(a, map);
    }

    @Override
    public Appointment apply(Appointment a, Snapshot merged, Set<String> slots, FieldMap map) {
        return AppointmentProjection.apply(a, merged, slots, map);
    }

    @Override
    public Appointment update(Appointment current, Appointment changed, Origin origin) {
        return appointments.update(current.id(), current.version(), changed, List.of(), Viewer.system(), origin);
    }

    @Override
    public Leaving leaving(Appointment a, Connection connection) {
        if (a.deletedAt() != null) return Leaving.unlink("deleted in Koppel");
        // Past the window, or handed to a colleague: the link rests, so an appointment that comes back
        // (handed back, moved into the window) merges with its item instead of being made a second time.
        return Leaving.keep();
    }

    @Override
    public String label(String slot) {
        return AppointmentSlots.label(slot);
    }

    /**
     * A calendar appointment Koppel does not know: created in Koppel by the policy, unless it ended
     * before the window (a calendar's history is not imported).
     */
    @Override
    public void adopt(PeerItem item, TypeRun<Appointment> run) {
        RunContext<Appointment> c = run.context;
        Snapshot v = item.values();
        if (endedBefore(v, c.window.from())) return;
        String refused = PeerCreation.refusal(c.policy, item, "appointments");
        if (refused != null) {
            c.report.item(null, item.peerId(), Outcome.SKIPPED, refused);
            return;
        }
        List<Long> concerned = concerned(v);
        Appointment draft = AppointmentProjection.fromPeer(v, c.map, c.connection.ownerId(), concerned, DEFAULT_ZONE);
        PeerCreation.create(item, run, origin -> appointments.create(draft, List.of(), Viewer.system(), origin),
                concerned.isEmpty() ? "created in Koppel from the peer; no attendee or location matches a relation, "
                        + "so it is kept unlinked" : "created in Koppel from the peer, linked to " + concerned.size()
                        + (concerned.size() == 1 ? " relation" : " relations") + " by its attendees or location");
    }

    /** The relations an appointment concerns: whose e-mail address or name an attendee or the location carries. */
    private List<Long> concerned(Snapshot v) {
        var addresses = new ArrayList<String>();
        var names = new ArrayList<String>();
        String attendees = v.get(AppointmentSlots.ATTENDEES);
        if (attendees != null) {
            for (String line : attendees.split("\n")) {
                addressesIn(line, addresses);
                int bracket = line.indexOf('<');
                String name = (bracket >= 0 ? line.substring(0, bracket) : line).replace("\"", "").strip();
                if (!name.isEmpty() && !name.contains("@")) names.add(name);
            }
        }
        String location = v.get(AppointmentSlots.LOCATION);
        if (location != null) {
            addressesIn(location, addresses);
            names.add(location);
        }
        List<Long> found = relations.matching(addresses, names);
        return found.size() > Limits.APPOINTMENT_RELATIONS ? found.subList(0, Limits.APPOINTMENT_RELATIONS) : found;
    }

    private static void addressesIn(String text, List<String> into) {
        Matcher m = ADDRESS.matcher(text);
        while (m.find()) into.add(m.group());
    }

    private static boolean endedBefore(Snapshot v, Instant from) {
        if (v.get(AppointmentSlots.RECURRENCE) != null) return false;
        String end = v.get(AppointmentSlots.END) != null ? v.get(AppointmentSlots.END) : v.get(AppointmentSlots.START);
        if (end == null) return false;
        try {
            Instant at = end.length() == 10 ? LocalDate.parse(end).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(end);
            return !at.isAfter(from);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("end", "'" + end + "' from the peer is not a time");
        }
    }

    @Override
    public boolean confirmsRemovals() {
        return true;
    }
}
