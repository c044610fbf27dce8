package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating and editing a relation. A failed save shows the form again with the input as typed
 * and stores nothing; the version read with the form guards against overwriting someone else's change.
 */
@Controller
@RequestMapping("/relations")
class RelationFormController {

    private static final String STALE = "Someone else changed this relation meanwhile. Reload it to see their change, "
            + "then make yours again.";

    private final Relations relations;
    private final EmployeeDirectory employees;

    RelationFormController(Relations relations, EmployeeDirectory employees) {
        this.relations = relations;
        this.employees = employees;
    }

    @GetMapping("/new")
    ModelAndView newRelation(@RequestParam String kind, @AuthenticationPrincipal KoppelUser user) {
        RelationKind relationKind = RelationKinds.parse(kind)
                .orElseThrow(() -> new NotFoundException("relation kind", kind));
        return form(RelationForm.blank(relationKind, user.employeeId()), null, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(@ModelAttribute("form") RelationForm form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        if (form.kind() == null) throw new NotFoundException("relation kind", "(none)");
        try {
            Relation created = relations.create(form.toRelation(form.kind(), null), user.origin());
            redirect.addFlashAttribute("notice", "Relation created.");
            return new ModelAndView("redirect:/relations/" + created.id());
        } catch (InvalidInputException e) {
            return invalid(form, null, e);
        }
    }

    @GetMapping("/{id}/edit")
    ModelAndView edit(@PathVariable long id) {
        Relation relation = relations.find(null, id);
        if (relation.deleted()) return new ModelAndView("redirect:/relations/" + id);
        return form(RelationForm.of(relation), relation, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, @ModelAttribute("form") RelationForm form,
                        @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Relation current = relations.find(null, id);
        try {
            relations.update(current.kind(), id, form.version(), form.toRelation(current.kind(), current), user.origin());
            redirect.addFlashAttribute("notice", "Changes saved.");
            return new ModelAndView("redirect:/relations/" + id);
        } catch (InvalidInputException e) {
            return invalid(form, current, e);
        } catch (StaleVersionException e) {
            return form(form, current, FormProblems.general(STALE), HttpStatus.CONFLICT).addObject("stale", true);
        } catch (ConflictException e) {
            return form(form, current, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    private ModelAndView invalid(RelationForm form, Relation current, InvalidInputException e) {
        RelationKind kind = current == null ? form.kind() : current.kind();
        return form(form, current, FormProblems.of(e.problems(), RelationForm.inputs(kind)),
                HttpStatus.UNPROCESSABLE_CONTENT);
    }

    private ModelAndView form(RelationForm form, Relation current, FormProblems problems, HttpStatus status) {
        RelationKind kind = current == null ? form.kind() : current.kind();
        var chosen = new ArrayList<Long>(form.ownerIds() == null ? List.of() : form.ownerIds());
        if (form.managerId() != null) chosen.add(form.managerId());
        var page = new ModelAndView("relations/form", status);
        page.addObject("form", form);
        page.addObject("title", current == null ? "New " + RelationKinds.param(kind) : "Edit " + current.displayName());
        page.addObject("kind", kind);
        page.addObject("relation", current);
        page.addObject("problems", problems);
        page.addObject("employees", employees.choices(chosen));
        page.addObject("genders", Gender.values());
        page.addObject("statuses", LeadStatus.values());
        page.addObject("stale", false);
        return page;
    }
}
