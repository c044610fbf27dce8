package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The htmx parts of the relation form: a new empty contact role or address row (with the button
 * for the next one, so rows keep distinct numbers without script), and the organisations a
 * contact role's organisation input matches.
 */
@Controller
@RequestMapping("/relations")
class RelationRowsController {

    /** More rows than the write path allows would only be refused; the index is the form's own count. */
    static final int MAX_INDEX = 10_000;

    private final Relations relations;

    RelationRowsController(Relations relations) {
        this.relations = relations;
    }

    @GetMapping("/rows/role")
    String roleRow(@RequestParam int index, Model model) {
        model.addAttribute("index", Math.clamp(index, 0, MAX_INDEX));
        model.addAttribute("row", new RelationParts.RoleRow(null, null, null, null, null, null));
        model.addAttribute("problems", FormProblems.none());
        return "relations/rows :: newRole";
    }

    @GetMapping("/rows/address")
    String addressRow(@RequestParam int index, Model model) {
        model.addAttribute("index", Math.clamp(index, 0, MAX_INDEX));
        model.addAttribute("row", new Address(AddressType.VISITING, null, null, null, null, null, null));
        model.addAttribute("addressTypes", AddressType.values());
        model.addAttribute("problems", FormProblems.none());
        return "relations/rows :: newAddress";
    }

    /** The organisation input sends its value under its own name, {@code contactRoles[row].organisationName}. */
    @GetMapping("/organisation-choices")
    String organisations(@RequestParam int row, @RequestParam Map<String, String> params, Model model) {
        String typed = Checks.clean(params.get("contactRoles[" + row + "].organisationName"));
        List<Relation> found = typed == null || typed.length() < 2 ? List.of()
                : relations.search(new RelationQuery(RelationKind.ORGANISATION, typed, null, null, null, null, null,
                        false, null, null, 0, RelationChoicesController.SHOWN)).items();
        model.addAttribute("found", found);
        model.addAttribute("typed", typed);
        model.addAttribute("row", row);
        return "relations/rows :: organisationChoices";
    }
}
