package org.koppel.web.ui;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Page;
import org.koppel.crm.bulk.BulkAction;
import org.koppel.crm.bulk.BulkChanges;
import org.koppel.crm.bulk.BulkReport;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.koppel.crm.relation.Relations;
import org.koppel.crm.relation.SavedFilters;
import org.koppel.security.KoppelUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The relations list: filters, sort, page size, saved filters, and bulk changes of the rows ticked or
 * of every relation the filter matches. Live search asks for the results table only.
 */
@Controller
class RelationListController {

    private final Relations relations;
    private final EmployeeDirectory employees;
    private final Groups groups;
    private final SavedFilters savedFilters;
    private final BulkChanges bulk;
    private final Dates dates;

    RelationListController(Relations relations, EmployeeDirectory employees, Groups groups, SavedFilters savedFilters,
                           BulkChanges bulk, Dates dates) {
        this.dates = dates;
        this.relations = relations;
        this.employees = employees;
        this.groups = groups;
        this.savedFilters = savedFilters;
        this.bulk = bulk;
    }

    @GetMapping("/relations")
    String list(@ModelAttribute("filter") RelationFilter filter,
                @RequestHeader(value = "HX-Request", required = false) String htmx,
                @RequestHeader(value = "HX-History-Restore-Request", required = false) String historyRestore,
                @AuthenticationPrincipal KoppelUser user, Model model, HttpServletResponse response) {
        Map<Long, String> names = employees.names();
        Page<RelationRow> page = relations.search(filter.query(user.employeeId())).map(r -> RelationRow.of(r, names, dates));
        model.addAttribute("page", page);
        model.addAttribute("lastPage", Math.max(0, (int) ((page.total() - 1) / page.size())));
        model.addAttribute("employees", employees.all());
        model.addAttribute("groups", groups.choices());
        // the same address answers with a whole page or a fragment, so caches must tell them apart
        response.addHeader("Vary", "HX-Request");
        // htmx restoring history after a cache miss wants the whole page back
        if (htmx != null && historyRestore == null) return "relations/list :: results";
        model.addAttribute("savedFilters", savedFilters.visibleTo(user.employeeId()));
        model.addAttribute("pageSizes", RelationFilter.PAGE_SIZES);
        return "relations/list";
    }

    @PostMapping("/relations/saved-filters")
    String saveFilter(@ModelAttribute("filter") RelationFilter filter, @RequestParam(required = false) String filterName,
                      @RequestParam(defaultValue = "false") boolean shared, @AuthenticationPrincipal KoppelUser user,
                      RedirectAttributes redirect) {
        try {
            savedFilters.save(user.employeeId(), user.admin(), filterName, shared, filter.listFilter());
            redirect.addFlashAttribute("notice", "lists.saved.done");
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("saveProblem", e instanceof ConflictException ? "lists.saved.taken" : "lists.saved.nameRequired");
        }
        return "redirect:" + filter.pageUrl(0);
    }

    @PostMapping("/relations/saved-filters/{id}/delete")
    String deleteFilter(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        try {
            savedFilters.delete(id, user.employeeId(), user.admin());
            redirect.addFlashAttribute("notice", "lists.saved.deleted");
        } catch (NotFoundException | AccessDeniedException e) {
            redirect.addFlashAttribute("saveProblem", "lists.saved.notYours");
        }
        return "redirect:/relations";
    }

    /**
     * A bulk change of the ticked rows ({@code scope=ids}) or of every relation the filter matches
     * ({@code scope=all}). Deleting asks first, naming the count. The group to add to is
     * {@code targetGroup}: {@code group} is the list's filter, sent along for "all matching".
     */
    @PostMapping("/relations/bulk")
    String bulk(@ModelAttribute("filter") RelationFilter filter, @RequestParam(defaultValue = "ids") String scope,
                @RequestParam(required = false) List<Long> ids, @RequestParam(required = false) String action,
                @RequestParam(required = false) Long employee, @RequestParam(required = false) Long fromOwner,
                @RequestParam(required = false) Long targetGroup, @RequestParam(defaultValue = "false") boolean confirmed,
                @AuthenticationPrincipal KoppelUser user, Model model) {
        model.addAttribute("backUrl", filter.pageUrl(0));
        BulkAction bulkAction;
        List<Long> selection;
        try {
            bulkAction = BulkForm.action(action, employee, fromOwner, targetGroup);
            selection = "all".equals(scope) ? bulk.idsMatching(filter.listFilter(), user.employeeId())
                    : ids == null ? List.of() : ids;
            if (selection.isEmpty()) throw new InvalidInputException("selection", "empty");
        } catch (InvalidInputException e) {
            model.addAttribute("problem", BulkForm.problemKey(e));
            return "relations/bulk-result";
        }
        if (bulkAction instanceof BulkAction.Delete && !confirmed) {
            model.addAttribute("count", selection.size());
            model.addAttribute("ids", selection);
            return "relations/bulk-confirm";
        }
        try {
            BulkReport report = bulk.apply(selection, bulkAction, GroupEditor.employee(user.origin(), user.employeeId(), user.admin()));
            model.addAttribute("report", report);
        } catch (InvalidInputException e) {
            model.addAttribute("problem", BulkForm.problemKey(e));
        } catch (AccessDeniedException e) {
            model.addAttribute("problem", "lists.bulk.problem.group");
        }
        return "relations/bulk-result";
    }
}
