package org.koppel.web.api;

import java.util.List;

import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFields;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** Custom field definitions: everyone reads, admins change (see SecurityConfig). */
@RestController
@RequestMapping("/api/v1/custom-fields")
class CustomFieldApi {

    private final CustomFields fields;
    private final LenientBody bodies;

    CustomFieldApi(CustomFields fields, LenientBody bodies) {
        this.fields = fields;
        this.bodies = bodies;
    }

    @GetMapping
    List<CustomField> list() {
        return fields.all();
    }

    @GetMapping("/{id}")
    ResponseEntity<CustomField> get(@PathVariable long id) {
        CustomField f = fields.find(id);
        return ETags.ok(f.version(), f);
    }

    @PostMapping
    ResponseEntity<CustomField> create(@RequestBody @ReadAs(CustomField.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var input = bodies.read(body, CustomField.class);
        CustomField created = fields.create(input.value(), input.problems(), user.origin());
        return ETags.created(created.id(), created.version(), created);
    }

    @PutMapping("/{id}")
    ResponseEntity<CustomField> replace(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody @ReadAs(CustomField.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var input = bodies.read(body, CustomField.class);
        CustomField f = fields.update(id, ETags.expected(ifMatch, input.value().version()), input.value(), input.problems(),
                user.origin());
        return ETags.ok(f.version(), f);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(defaultValue = "false") boolean force,
                                @AuthenticationPrincipal KoppelUser user) {
        fields.delete(id, force, user.origin());
        return ResponseEntity.noContent().build();
    }
}
