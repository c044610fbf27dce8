package org.koppel.web.api;

import java.util.List;

import org.koppel.runtime.FieldMapEditor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The field maps of contacts, appointments and tasks ({@code /api/v1/field-map/contacts|appointments|tasks}):
 * everyone reads, admins add, change, reorder and remove rows (see SecurityConfig).
 */
@RestController
@RequestMapping("/api/v1/field-map/{dataType}")
class FieldMapApi {

    private final FieldMapEditor editor;

    FieldMapApi(FieldMapEditor editor) {
        this.editor = editor;
    }

    /** The new order of one kind's rows: every id of that kind, once. */
    record Order(List<Long> ids) {
    }

    @GetMapping
    List<FieldMapEditor.Shown> list(@PathVariable String dataType) {
        return editor.rows(FieldMapEditor.dataType(dataType));
    }

    @PostMapping
    ResponseEntity<FieldMapEditor.Shown> add(@PathVariable String dataType, @RequestBody FieldMapEditor.Input input) {
        return ResponseEntity.status(HttpStatus.CREATED).body(editor.add(FieldMapEditor.dataType(dataType), input));
    }

    @PatchMapping("/{id}")
    FieldMapEditor.Shown change(@PathVariable String dataType, @PathVariable long id, @RequestBody FieldMapEditor.Change change) {
        return editor.change(FieldMapEditor.dataType(dataType), id, change);
    }

    @PutMapping("/order")
    List<FieldMapEditor.Shown> reorder(@PathVariable String dataType, @RequestBody Order order) {
        return editor.reorder(FieldMapEditor.dataType(dataType), order.ids());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable String dataType, @PathVariable long id) {
        editor.remove(FieldMapEditor.dataType(dataType), id);
        return ResponseEntity.noContent().build();
    }
}
