package org.koppel.web.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import org.koppel.crm.Change;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Page;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Task;
import org.koppel.crm.agenda.TaskQuery;
import org.koppel.crm.agenda.TaskStatus;
import org.koppel.crm.agenda.Tasks;
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

/** Tasks; versions as ETag / If-Match as on every resource. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskApi {

    private final Tasks tasks;
    private final ChangeLogStore changeLog;
    private final MergePatch mergePatch;
    private final LenientBody bodies;

    TaskApi(Tasks tasks, ChangeLogStore changeLog, MergePatch mergePatch, LenientBody bodies) {
        this.tasks = tasks;
        this.changeLog = changeLog;
        this.mergePatch = mergePatch;
        this.bodies = bodies;
    }

    /** {@code dueBefore} (yyyy-mm-dd) is exclusive and leaves out tasks without a due date. */
    @GetMapping
    public Page<Task> list(@RequestParam(required = false) Long responsible, @RequestParam(required = false) String status,
                           @RequestParam(required = false) String dueBefore, @RequestParam(required = false) Long relation,
                           @RequestParam(defaultValue = "false") boolean deleted,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        var checks = new Checks();
        TaskStatus wanted = null;
        if (Checks.clean(status) != null) {
            switch (status.strip().toLowerCase(Locale.ROOT)) {
                case "open" -> wanted = TaskStatus.OPEN;
                case "completed" -> wanted = TaskStatus.COMPLETED;
                default -> checks.problem("status", "'" + Checks.abbreviated(status) + "' is not a status (open or completed)");
            }
        }
        LocalDate before = null;
        if (Checks.clean(dueBefore) != null) {
            try {
                before = LocalDate.parse(dueBefore.strip());
            } catch (DateTimeParseException e) {
                checks.problem("dueBefore", "'" + Checks.abbreviated(dueBefore) + "' is not a valid date (expected yyyy-mm-dd)");
            }
        }
        checks.throwIfAny();
        RelationApi.checkPaging(page, size);
        return tasks.search(new TaskQuery(responsible, wanted, before, relation, deleted, page, size));
    }

    @PostMapping
    public ResponseEntity<Task> create(@RequestBody @ReadAs(Task.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<Task> input = bodies.read(body, Task.class);
        Task created = tasks.create(input.value(), input.problems(), user.origin());
        return ETags.created(created.id(), created.version(), created);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Task> get(@PathVariable long id) {
        Task t = tasks.find(id);
        return ETags.ok(t.version(), t);
    }

    @PutMapping("/{id}")
    public ResponseEntity<Task> replace(@PathVariable long id,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody @ReadAs(Task.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        LenientBody.Read<Task> input = bodies.read(body, Task.class);
        Task t = tasks.update(id, ETags.expected(ifMatch, input.value().version()), input.value(), input.problems(),
                user.origin());
        return ETags.ok(t.version(), t);
    }

    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", "application/json"})
    public ResponseEntity<Task> patch(@PathVariable long id,
                                      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody @ReadAs(Task.class) JsonNode patch, @AuthenticationPrincipal KoppelUser user) {
        if (!patch.isObject()) throw new InvalidInputException("body", "must be a JSON object");
        LenientBody.Read<Task> patched = mergePatch.apply(tasks.find(id), patch, Task.class);
        Long bodyVersion = patch.has("version") ? patched.value().version() : null;
        Task t = tasks.update(id, ETags.expected(ifMatch, bodyVersion), patched.value(), patched.problems(), user.origin());
        return ETags.ok(t.version(), t);
    }

    /** Soft delete; {@code POST .../restore} undoes it. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable long id,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                       @AuthenticationPrincipal KoppelUser user) {
        tasks.delete(id, ETags.version(ifMatch), user.origin());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/restore")
    public ResponseEntity<Task> restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Task t = tasks.restore(id, user.origin());
        return ETags.ok(t.version(), t);
    }

    @GetMapping("/{id}/changes")
    public List<Change> changes(@PathVariable long id, @RequestParam(defaultValue = "100") int limit) {
        tasks.find(id);
        RelationApi.checkLimit(limit);
        return changeLog.forRecord(RecordType.TASK, id, limit);
    }
}
