package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Person;
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
 * Creating and editing a relation, with its contact roles, addresses, relation types and custom
 * values. A failed save shows the form again with the input as typed and stores nothing; the
 * version read with the form guards against overwriting someone else's change.
 */
@Controller
@RequestMapping("/relations")
class RelationFormController {

    private final Relations relations;
    private final EmployeeDirectory employees;
    private final CustomFields customFields;
    private final UiText text;

    RelationFormController(Relations relations, EmployeeDirectory employees, CustomFields customFields,
                           UiText text) {
        this.relations = relations;
        this.employees = employees;
        this.customFields = customFields;
        this.text = text;
    }

    /** {@code organisation}: a new person starts as contact person there (the organisation page's "New person"). */
    @GetMapping("/new")
    ModelAndView newRelation(@RequestParam String kind, @RequestParam(required = false) Long organisation,
                             @AuthenticationPrincipal KoppelUser user) {
        RelationKind relationKind = RelationKinds.parse(kind)
                .orElseThrow(() -> new NotFoundException("relation kind", kind));
        RelationParts parts = RelationParts.blank();
        if (relationKind == RelationKind.PERSON && organisation != null) {
            Relation at = relations.find(RelationKind.ORGANISATION, organisation);
            parts = new RelationParts(List.of(new RelationParts.RoleRow(at.id(), at.displayName(), null, null, null, null)),
                    List.of(), "", Map.of(), List.of());
        }
        return form(RelationForm.blank(relationKind, user.employeeId()), parts, null, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(@ModelAttribute("form") RelationForm form, HttpServletRequest request,
                        @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        if (form.kind() == null) throw new NotFoundException("relation kind", "(none)");
        List<CustomField> fields = fieldsOf(form.kind());
        RelationParts parts = RelationParts.from(request.getParameterMap(), fields);
        try {
            Relation created = relations.create(form.toRelation(form.kind(), null, parts, fields), parts.unreadable(),
                    user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.form.created"));
            return new ModelAndView("redirect:/relations/" + created.id());
        } catch (InvalidInputException e) {
            return invalid(form, parts, null, e);
        }
    }

    @GetMapping("/{id}/edit")
    ModelAndView edit(@PathVariable long id) {
        Relation relation = relations.find(null, id);
        if (relation.deleted()) return new ModelAndView("redirect:/relations/" + id);
        RelationParts parts = RelationParts.of(relation, organisationNames(relation), fieldsOf(relation.kind()));
        return form(RelationForm.of(relation), parts, relation, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, @ModelAttribute("form") RelationForm form, HttpServletRequest request,
                        @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Relation current = relations.find(null, id);
        List<CustomField> fields = fieldsOf(current.kind());
        RelationParts parts = RelationParts.from(request.getParameterMap(), fields);
        try {
            relations.update(current.kind(), id, form.version(), form.toRelation(current.kind(), current, parts, fields),
                    parts.unreadable(), user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.form.saved"));
            return new ModelAndView("redirect:/relations/" + id);
        } catch (InvalidInputException e) {
            return invalid(form, parts, current, e);
        } catch (StaleVersionException e) {
            return form(form, parts, current, FormProblems.general(text.of("relations.form.stale")), HttpStatus.CONFLICT)
                    .addObject("stale", true);
        } catch (ConflictException e) {
            return form(form, parts, current, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    private ModelAndView invalid(RelationForm form, RelationParts parts, Relation current, InvalidInputException e) {
        RelationKind kind = current == null ? form.kind() : current.kind();
        var inputs = new HashSet<>(RelationForm.inputs(kind));
        inputs.addAll(parts.inputs(fieldsOf(kind)));
        return form(form, parts, current, FormProblems.of(e.problems(), inputs), HttpStatus.UNPROCESSABLE_CONTENT);
    }

    private ModelAndView form(RelationForm form, RelationParts parts, Relation current, FormProblems problems,
                              HttpStatus status) {
        RelationKind kind = current == null ? form.kind() : current.kind();
        var chosen = new ArrayList<Long>(form.ownerIds() == null ? List.of() : form.ownerIds());
        if (form.managerId() != null) chosen.add(form.managerId());
        var page = new ModelAndView("relations/form", status);
        page.addObject("form", form);
        page.addObject("parts", shown(parts, current));
        page.addObject("title", current == null ? text.of("relations.form.new." + kind.name())
                : text.of("relations.form.edit", current.displayName()));
        page.addObject("kind", kind);
        page.addObject("relation", current);
        page.addObject("problems", problems);
        page.addObject("employees", employees.choices(chosen));
        page.addObject("genders", Gender.values());
        page.addObject("statuses", LeadStatus.values());
        page.addObject("addressTypes", AddressType.values());
        page.addObject("customFieldDefinitions", fieldsOf(kind));
        page.addObject("relationTypeNames", relations.relationTypeNames());
        page.addObject("stale", false);
        return page;
    }

    /** A part the request did not carry is shown as stored (read only then: the edit page sends them all). */
    private RelationParts shown(RelationParts sent, Relation current) {
        if (sent.roles() != null && sent.addresses() != null && sent.relationTypes() != null && sent.custom() != null) {
            return sent.unreadable().isEmpty() ? sent
                    : new RelationParts(sent.roles(), sent.addresses(), sent.relationTypes(), sent.custom(), List.of());
        }
        RelationParts stored = current == null ? RelationParts.blank()
                : RelationParts.of(current, organisationNames(current), fieldsOf(current.kind()));
        return new RelationParts(sent.roles() != null ? sent.roles() : stored.roles(),
                sent.addresses() != null ? sent.addresses() : stored.addresses(),
                sent.relationTypes() != null ? sent.relationTypes() : stored.relationTypes(),
                sent.custom() != null ? sent.custom() : stored.custom(), List.of());
    }

    private List<CustomField> fieldsOf(RelationKind kind) {
        return customFields.all().stream().filter(f -> f.recordType() == kind).toList();
    }

    /** Names of the organisations a person is contact person at: one query for all. */
    private Map<Long, String> organisationNames(Relation relation) {
        if (!(relation instanceof Person person)) return Map.of();
        return relations.displayNames(person.contactRoles().stream().map(ContactRole::organisationId)
                .filter(Objects::nonNull).distinct().toList());
    }

}
