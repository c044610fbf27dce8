package org.koppel.web.api;

import java.util.List;

import org.koppel.runtime.ContactFieldMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The contact field map: everyone reads, admins add and remove rows (see SecurityConfig). */
@RestController
@RequestMapping("/api/v1/field-map/contacts")
class FieldMapApi {

    private final ContactFieldMap map;

    FieldMapApi(ContactFieldMap map) {
        this.map = map;
    }

    @GetMapping
    List<ContactFieldMap.Shown> list() {
        return map.rows();
    }

    @PostMapping
    ResponseEntity<ContactFieldMap.Shown> add(@RequestBody ContactFieldMap.Input input) {
        return ResponseEntity.status(HttpStatus.CREATED).body(map.add(input));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable long id) {
        map.remove(id);
        return ResponseEntity.noContent().build();
    }
}
