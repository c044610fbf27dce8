package org.koppel.web.api;

import java.util.List;

import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/**
 * Groups of relations; members are listed in {@code memberIds}. Deleting a group keeps its relations.
 * Who may change which group: crm/group/GroupRights (403 otherwise).
 */
@RestController
@RequestMapping("/api/v1/groups")
class GroupApi {

    private final Groups groups;
    private final LenientBody bodies;

    GroupApi(Groups groups, LenientBody bodies) {
        this.groups = groups;
        this.bodies = bodies;
    }

    @GetMapping
    List<Group> list() {
        return groups.all();
    }

    @GetMapping("/{id}")
    ResponseEntity<Group> get(@PathVariable long id) {
        Group g = groups.find(id);
        return ETags.ok(g.version(), g);
    }

    @PostMapping
    ResponseEntity<Group> create(@RequestBody @ReadAs(Group.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var input = bodies.read(body, Group.class);
        Group created = groups.create(input.value(), input.problems(), editor(user));
        return ETags.created(created.id(), created.version(), created);
    }

    @PutMapping("/{id}")
    ResponseEntity<Group> replace(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                  @RequestBody @ReadAs(Group.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var input = bodies.read(body, Group.class);
        Group g = groups.update(id, ETags.expected(ifMatch, input.value().version()), input.value(), input.problems(),
                editor(user));
        return ETags.ok(g.version(), g);
    }

    private static GroupEditor editor(KoppelUser user) {
        return GroupEditor.employee(user.origin(), user.employeeId(), user.admin());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        groups.delete(id, editor(user));
        return ResponseEntity.noContent().build();
    }
}
