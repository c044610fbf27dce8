package org.koppel.web.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.koppel.crm.Change;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Page;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.AppointmentQuery;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Viewer;
import org.koppel.security.KoppelUser;
import org.koppel.store.ChangeLogStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Appointments. Reads carry the version as ETag; writes take it as If-Match (412 when stale) or as
 * {@code version} in the body (409 when stale), as the relation resources do. Another employee's
 * private appointment reads as its time only and cannot be changed (403).
 */
@RestController
@RequestMapping("/api/v1/appointments")
class AppointmentApi {

    private final Appointments appointments;
    private final ChangeLogStore changeLog;
    private final MergePatch mergePatch;
    private final LenientBody bodies;

    AppointmentApi(Appointments appointments, ChangeLogStore changeLog, MergePatch mergePatch, LenientBody bodies) {
        this.appointments = appointments;
        this.changeLog = changeLog;
        this.mergePatch = mergePatch;
        this.bodies = bodies;
    }

    /** {@code from}/{@code to}: those overlapping [from, to), as ISO-8601 instants with an offset. */
    @GetMapping
    public Page<Appointment> list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  @RequestParam(required = false) Long organiser, @RequestParam(required = false) Long relation,
                                  @RequestParam(defaultValue = "false") boolean deleted,
                                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                  @AuthenticationPrincipal KoppelUser user) {
        var checks = new Checks();
        Instant start = instant("from", from, checks);
        Instant end = instant("to", to, checks);
        if (start != null && end != null && !end.isAfter(start)) checks.problem("to", "must lie after from");
        checks.throwIfAny();
        RelationApi.checkPaging(page, size);
        Viewer viewer = viewer(user);
        return appointments.search(new AppointmentQuery(start, end, organiser, relation, deleted, viewer.employeeId(),
                viewer.admin(), page, size), viewer);
    }

    @PostMapping
    public ResponseEntity<Appointment> create(@RequestBody @ReadAs(Appointment.class) JsonNode body,
                                              @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<Appointment> input = bodies.read(body, Appointment.class);
        Appointment created = appointments.create(input.value(), input.problems(), viewer(user), user.origin());
        return ETags.created(created.id(), created.version(), created);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Appointment> get(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Appointment a = appointments.find(id, viewer(user));
        return ETags.ok(a.version(), a);
    }

    @PutMapping("/{id}")
    public ResponseEntity<Appointment> replace(@PathVariable long id,
                                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @RequestBody @ReadAs(Appointment.class) JsonNode body,
                                               @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<Appointment> input = bodies.read(body, Appointment.class);
        Appointment a = appointments.update(id, ETags.expected(ifMatch, input.value().version()), input.value(),
                input.problems(), viewer(user), user.origin());
        return ETags.ok(a.version(), a);
    }

    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    public ResponseEntity<Appointment> patch(@PathVariable long id,
                                             @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @RequestBody @ReadAs(Appointment.class) JsonNode patch,
                                             @AuthenticationPrincipal KoppelUser user) {
        if (!patch.isObject()) throw new InvalidInputException("body", "must be a JSON object");
        Appointment current = appointments.findForChange(id, viewer(user));
        LenientBody.Read<Appointment> patched = mergePatch.apply(current, patch, Appointment.class);
        Long bodyVersion = patch.has("version") ? patched.value().version() : null;
        Appointment a = appointments.update(id, ETags.expected(ifMatch, bodyVersion), patched.value(), patched.problems(),
                viewer(user), user.origin());
        return ETags.ok(a.version(), a);
    }

    /** Soft delete; {@code POST .../restore} undoes it. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @AuthenticationPrincipal KoppelUser user) {
        appointments.delete(id, ETags.version(ifMatch), viewer(user), user.origin());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/restore")
    public ResponseEntity<Appointment> restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Appointment a = appointments.restore(id, viewer(user), user.origin());
        return ETags.ok(a.version(), a);
    }

    /** The appointment's history from the change log, newest first; for those who see it in full. */
    @GetMapping("/{id}/changes")
    public List<Change> changes(@PathVariable long id, @RequestParam(defaultValue = "100") int limit,
                                @AuthenticationPrincipal KoppelUser user) {
        appointments.findForChange(id, viewer(user));
        RelationApi.checkLimit(limit);
        return changeLog.forRecord(RecordType.APPOINTMENT, id, limit);
    }

    static Viewer viewer(KoppelUser user) {
        return new Viewer(user.employeeId(), user.admin());
    }

    private static Instant instant(String name, String value, Checks checks) {
        if (Checks.clean(value) == null) return null;
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            checks.problem(name, "'" + Checks.abbreviated(value) + "' is not an instant (like 2026-12-03T09:00:00+01:00)");
            return null;
        }
    }
}
