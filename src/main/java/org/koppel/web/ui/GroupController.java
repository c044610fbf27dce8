package org.koppel.web.ui;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Relations;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Groups of relations: the list, adding one, and one group's page (rename, owner, public flag,
 * its members, deleting it). Who may change what is the write path's rule (crm/group/GroupRights);
 * a refusal is shown with its reason, and nothing changes.
 */
@Controller
@RequestMapping("/groups")
class GroupController {

    /** The group form; the owner is the employee adding it unless an admin picks someone else. */
    record Form(Long version, String name, String mainGroup, Long ownerId, Boolean isPublic) {

        static final Set<String> INPUTS = Set.of("name", "mainGroup", "ownerId", "public");

        static Form of(Group g) {
            return new Form(g.version(), g.name(), g.mainGroup(), g.ownerId(), g.isPublic());
        }

        Group toGroup(Long id, List<Long> members) {
            return new Group(id, version, name, mainGroup, ownerId, Boolean.TRUE.equals(isPublic), members, null, null);
        }
    }

    /** Members shown on a group's page; the relation list filtered by the group shows them all. */
    static final int MEMBERS_SHOWN = 100;

    private final Groups groups;
    private final Relations relations;
    private final EmployeeDirectory employees;
    private final UiText text;

    GroupController(Groups groups, Relations relations, EmployeeDirectory employees, UiText text) {
        this.groups = groups;
        this.relations = relations;
        this.employees = employees;
        this.text = text;
    }

    @GetMapping
    ModelAndView list(@AuthenticationPrincipal KoppelUser user) {
        return listPage(new Form(null, null, null, user.employeeId(), true), FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(Form form, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            Group created = groups.create(form.toGroup(null, List.of()), editor(user));
            redirect.addFlashAttribute("notice", text.of("relations.groups.created", created.name()));
            return new ModelAndView("redirect:/groups/" + created.id());
        } catch (InvalidInputException e) {
            return listPage(form, FormProblems.of(e.problems(), Form.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (ConflictException | AccessDeniedException e) {
            return listPage(form, FormProblems.general(e.getMessage()), status(e));
        }
    }

    @GetMapping("/{id}")
    ModelAndView show(@PathVariable long id) {
        Group group = groups.find(id);
        return groupPage(group, Form.of(group), FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, Form form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        Group current = groups.find(id);
        try {
            groups.update(id, form.version(), form.toGroup(id, current.memberIds()), editor(user));
            redirect.addFlashAttribute("notice", text.of("relations.groups.saved"));
            return new ModelAndView("redirect:/groups/" + id);
        } catch (InvalidInputException e) {
            return groupPage(current, form, FormProblems.of(e.problems(), Form.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (StaleVersionException e) {
            return groupPage(current, form, FormProblems.general(text.of("relations.groups.staleGroup")), HttpStatus.CONFLICT)
                    .addObject("stale", true);
        } catch (ConflictException | AccessDeniedException e) {
            return groupPage(current, form, FormProblems.general(e.getMessage()), status(e));
        }
    }

    @PostMapping("/{id}/delete")
    ModelAndView delete(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Group current = groups.find(id);
        try {
            groups.delete(id, editor(user));
            redirect.addFlashAttribute("notice", text.of("relations.groups.deleted", current.name(),
                    current.memberIds().size()));
            return new ModelAndView("redirect:/groups");
        } catch (AccessDeniedException e) {
            return groupPage(current, Form.of(current), FormProblems.general(e.getMessage()), HttpStatus.FORBIDDEN);
        }
    }

    private ModelAndView listPage(Form form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("groups/list", status);
        page.addObject("groups", groups.all());
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("employeeNames", employees.names());
        page.addObject("employees", employees.choices(form.ownerId() == null ? List.of() : List.of(form.ownerId())));
        return page;
    }

    private ModelAndView groupPage(Group group, Form form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("groups/detail", status);
        page.addObject("group", group);
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("stale", false);
        page.addObject("employeeNames", employees.names());
        page.addObject("employees", employees.choices(List.of(group.ownerId())));
        List<Long> shown = group.memberIds().stream().limit(MEMBERS_SHOWN).toList();
        Map<Long, String> names = relations.displayNames(shown);
        page.addObject("members", shown.stream().filter(names::containsKey)
                .map(id -> Map.entry(id, names.get(id))).toList());
        return page;
    }

    private static GroupEditor editor(KoppelUser user) {
        return GroupEditor.employee(user.origin(), user.employeeId(), user.admin());
    }

    private static HttpStatus status(RuntimeException e) {
        return e instanceof AccessDeniedException ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT;
    }

}
