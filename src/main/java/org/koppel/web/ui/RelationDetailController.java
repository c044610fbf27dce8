package org.koppel.web.ui;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** One relation: everything stored about it, its appointments, tasks and logged mail, its recent history, delete and restore, and the sync flag. */
@Controller
@RequestMapping("/relations/{id}")
class RelationDetailController {

    /** An organisation's page lists this many of its people; the relation list finds the rest. */
    static final int PEOPLE_SHOWN = 200;

    private final Relations relations;
    private final RecordHistory history;
    private final CustomFields customFields;
    private final EmployeeDirectory employees;
    private final AgendaViews agenda;
    private final MailTimeline mails;
    private final org.koppel.store.LinkStore links;
    private final Groups groups;
    private final UiText text;
    private final Dates dates;

    RelationDetailController(Relations relations, RecordHistory history, CustomFields customFields,
                             EmployeeDirectory employees, AgendaViews agenda, MailTimeline mails,
                             org.koppel.store.LinkStore links, Groups groups, UiText text, Dates dates) {
        this.text = text;
        this.dates = dates;
        this.links = links;
        this.groups = groups;
        this.mails = mails;
        this.agenda = agenda;
        this.relations = relations;
        this.history = history;
        this.customFields = customFields;
        this.employees = employees;
    }

    @GetMapping
    String show(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, Model model) {
        Relation relation = relations.find(null, id);
        Map<Long, String> names = employees.names();
        model.addAttribute("relation", relation);
        model.addAttribute("createdAt", dates.moment(relation.createdAt()));
        model.addAttribute("employeeNames", names);
        model.addAttribute("organisationNames", organisationNames(relation));
        List<CustomField> definitions = customFields.all().stream().filter(f -> f.recordType() == relation.kind()).toList();
        model.addAttribute("customFieldLabels", definitions.stream()
                .collect(Collectors.toMap(CustomField::key, CustomField::label, (a, b) -> a)));
        model.addAttribute("customFieldDefinitions", definitions);
        model.addAttribute("people", relation.kind() == RelationKind.ORGANISATION
                ? relations.contactPersonsAt(id, PEOPLE_SHOWN).stream().map(p -> new PersonAt(p, p.contactRoles().stream()
                        .filter(r -> Objects.equals(r.organisationId(), id)).findFirst().orElseThrow())).toList()
                : List.of());
        List<Group> all = groups.all();
        model.addAttribute("memberOf", all.stream().filter(g -> g.memberIds().contains(id)).toList());
        model.addAttribute("joinable", all.stream().filter(g -> !g.memberIds().contains(id))
                .filter(g -> g.isPublic() || user.admin() || g.ownerId().equals(user.employeeId())).toList());
        model.addAttribute("changes", history.of(relation.kind().recordType(), id));
        model.addAttribute("syncFlagged", relations.isSyncFlagged(id, user.employeeId()));
        model.addAttribute("agenda", agenda.forRelation(id, new Viewer(user.employeeId(), user.admin())));
        model.addAttribute("timeline", mails.from(id, 0));
        model.addAttribute("sources", links.sourcesOf(id));
        return "relations/detail";
    }

    /** Soft and restorable, so it needs neither a version check nor a confirmation. */
    @PostMapping("/delete")
    String delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        relations.delete(null, id, null, user.origin());
        return "redirect:/relations/" + id;
    }

    @PostMapping("/restore")
    String restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        relations.restore(null, id, user.origin());
        redirect.addFlashAttribute("notice", text.of("relations.detail.restored"));
        return "redirect:/relations/" + id;
    }

    @PostMapping("/sync-flag")
    String syncFlag(@PathVariable long id, @RequestParam boolean flagged, @AuthenticationPrincipal KoppelUser user,
                    @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        relations.setSyncFlag(null, id, user.employeeId(), flagged, user.origin());
        if (htmx == null) return "redirect:/relations/" + id;
        model.addAttribute("relation", relations.find(null, id));
        model.addAttribute("syncFlagged", relations.isSyncFlagged(id, user.employeeId()));
        return "relations/detail :: syncFlag";
    }

    /** One of an organisation's people with their role there. */
    record PersonAt(Person person, ContactRole role) {
    }

    /** Names of the organisations a person is contact person at, for linking them: one query for all. */
    private Map<Long, String> organisationNames(Relation relation) {
        if (!(relation instanceof Person person)) return Map.of();
        return relations.displayNames(person.contactRoles().stream().map(ContactRole::organisationId)
                .filter(Objects::nonNull).distinct().toList());
    }
}
