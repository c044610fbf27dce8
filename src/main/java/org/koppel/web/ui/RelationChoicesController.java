package org.koppel.web.ui;

import java.util.List;

import org.koppel.crm.Checks;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.crm.relation.Relations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The relation picker of the appointment and task forms: a few live persons and organisations
 * matching what was typed, each a button that puts its number into the form's input (koppel.js),
 * so nobody has to look a number up in an address bar.
 */
@Controller
class RelationChoicesController {

    static final int SHOWN = 8;

    private final Relations relations;

    RelationChoicesController(Relations relations) {
        this.relations = relations;
    }

    @GetMapping("/relations/choices")
    String choices(@RequestParam(required = false) String q, @RequestParam String target, Model model) {
        String typed = Checks.clean(q);
        List<Relation> found = typed == null || typed.length() < 2 ? List.of() : relations.search(new RelationQuery(null,
                typed, null, null, null, null, false, false, null, null, 0, SHOWN * 2)).items().stream()
                .filter(r -> r.kind() != RelationKind.LEAD).limit(SHOWN).toList();
        model.addAttribute("found", found);
        model.addAttribute("typed", typed);
        model.addAttribute("target", target.equals("relationId") ? "relationId" : "relationIds");
        return "agenda/relation-choices :: choices";
    }
}
