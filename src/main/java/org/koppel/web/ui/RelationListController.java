package org.koppel.web.ui;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.Page;
import org.koppel.crm.relation.Relations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestHeader;

/** The relations list with its filters; live search asks for the results table only. */
@Controller
class RelationListController {

    private final Relations relations;
    private final EmployeeDirectory employees;

    RelationListController(Relations relations, EmployeeDirectory employees) {
        this.relations = relations;
        this.employees = employees;
    }

    @GetMapping("/relations")
    String list(@ModelAttribute("filter") RelationFilter filter,
                @RequestHeader(value = "HX-Request", required = false) String htmx,
                @RequestHeader(value = "HX-History-Restore-Request", required = false) String historyRestore,
                Model model, HttpServletResponse response) {
        Map<Long, String> names = employees.names();
        Page<RelationRow> page = relations.search(filter.query()).map(r -> RelationRow.of(r, names));
        model.addAttribute("page", page);
        model.addAttribute("lastPage", Math.max(0, (int) ((page.total() - 1) / page.size())));
        // the same address answers with a whole page or a fragment, so caches must tell them apart
        response.addHeader("Vary", "HX-Request");
        // htmx restoring history after a cache miss wants the whole page back
        if (htmx != null && historyRestore == null) return "relations/list :: results";
        model.addAttribute("employees", employees.all());
        return "relations/list";
    }
}
