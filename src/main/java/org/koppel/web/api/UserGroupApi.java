package org.koppel.web.api;

import java.util.List;

import org.koppel.crm.employee.UserGroup;
import org.koppel.crm.employee.UserGroups;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** User groups: everyone reads, admins change (see SecurityConfig). Their sync settings: /api/v1/sync-settings/USER_GROUP/{id}. */
@RestController
@RequestMapping("/api/v1/user-groups")
class UserGroupApi {

    private final UserGroups groups;
    private final LenientBody bodies;

    UserGroupApi(UserGroups groups, LenientBody bodies) {
        this.groups = groups;
        this.bodies = bodies;
    }

    @GetMapping
    List<UserGroup> list() {
        return groups.all();
    }

    @PostMapping
    ResponseEntity<UserGroup> create(@RequestBody @ReadAs(UserGroup.class) JsonNode body) {
        var input = bodies.read(body, UserGroup.class);
        return ResponseEntity.status(HttpStatus.CREATED).body(groups.create(input.value(), input.problems()));
    }

    @PutMapping("/{id}")
    UserGroup replace(@PathVariable long id, @RequestBody @ReadAs(UserGroup.class) JsonNode body) {
        var input = bodies.read(body, UserGroup.class);
        return groups.update(id, input.value(), input.problems());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        groups.delete(id);
        return ResponseEntity.noContent().build();
    }
}
