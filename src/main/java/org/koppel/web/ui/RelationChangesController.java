package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.LeadConversion;
import org.koppel.crm.relation.LeadConversion.Converted;
import org.koppel.security.KoppelUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a relation's page changes besides its form: its group memberships and converting a lead.
 * Each answers with the page again and a notice, or the reason it was refused (nothing changed then).
 */
@Controller
@RequestMapping("/relations/{id}")
class RelationChangesController {

    private final Groups groups;
    private final LeadConversion conversion;
    private final UiText text;

    RelationChangesController(Groups groups, LeadConversion conversion, UiText text) {
        this.groups = groups;
        this.conversion = conversion;
        this.text = text;
    }

    /**
     * Adds the relation to a group or takes it out. Taking out names the version seen, as the page
     * showed the membership then; adding works on the members as they are now.
     */
    @PostMapping("/groups")
    String membership(@PathVariable long id, @RequestParam long groupId, @RequestParam(required = false) Long version,
                      @RequestParam boolean member, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Group group = groups.find(groupId);
        var members = new ArrayList<>(group.memberIds());
        if (member && !members.contains(id)) members.add(id);
        if (!member) members.remove(Long.valueOf(id));
        try {
            groups.update(groupId, version == null ? group.version() : version, new Group(group.id(), group.version(), group.name(), group.mainGroup(),
                    group.ownerId(), group.isPublic(), List.copyOf(members), null, null),
                    GroupEditor.employee(user.origin(), user.employeeId(), user.admin()));
            redirect.addFlashAttribute("notice", text.of(member ? "relations.groups.added" : "relations.groups.removed",
                    group.name()));
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("failure", text.of("relations.groups.stale", group.name()));
        } catch (AccessDeniedException | ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("failure", text.of("relations.groups.refused", group.name(), e.getMessage()));
        }
        return "redirect:/relations/" + id + "#groups";
    }

    @PostMapping("/convert")
    String convert(@PathVariable long id, @RequestParam long version,
                   @RequestParam(defaultValue = "false") boolean organisation,
                   @RequestParam(defaultValue = "false") boolean person,
                   @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            Converted made = conversion.convert(id, version, organisation, person, user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.convert.done"));
            long shown = made.person() != null ? made.person().id() : made.organisation().id();
            return "redirect:/relations/" + shown;
        } catch (StaleVersionException e) {
            redirect.addFlashAttribute("failure", text.of("relations.convert.stale"));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("failure", text.of("relations.convert.refused",
                    String.join("; ", e.problems().stream().map(p -> p.reason()).toList())));
        } catch (ConflictException e) {
            redirect.addFlashAttribute("failure", text.of("relations.convert.refused", e.getMessage()));
        }
        return "redirect:/relations/" + id;
    }

}
