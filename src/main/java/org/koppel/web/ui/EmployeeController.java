package org.koppel.web.ui;

import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
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

/** Employees for admins (the security chain keeps others out): the list, adding one, role and active. */
@Controller
@RequestMapping("/employees")
class EmployeeController {

    private final Employees employees;
    private final UiText text;

    EmployeeController(Employees employees, UiText text) {
        this.employees = employees;
        this.text = text;
    }


    @GetMapping
    ModelAndView list() {
        return page(EmployeeForm.blank(), FormProblems.none(), HttpStatus.OK);
    }

    /** The password is marked as one to change: only the employee should know theirs (sign-in does not ask yet). */
    @PostMapping
    ModelAndView add(@ModelAttribute("form") EmployeeForm form, @AuthenticationPrincipal KoppelUser user,
                     RedirectAttributes redirect) {
        try {
            Employee added = employees.create(form.toEmployee(), form.passwordOrNull(), true, user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.employees.added", added.login()));
            return new ModelAndView("redirect:/employees");
        } catch (InvalidInputException e) {
            return page(form, FormProblems.of(e.problems(), EmployeeForm.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (ConflictException e) {
            return page(form, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        }
    }

    @PostMapping("/{id}")
    ModelAndView changeAccess(@PathVariable long id, @RequestParam long version, @RequestParam EmployeeRole role,
                              @RequestParam(defaultValue = "false") boolean active,
                              @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Employee current = employees.find(id);
        Employee changed = new Employee(current.id(), current.version(), current.login(), current.displayName(),
                current.emails(), role, active, current.personId(), null, null);
        String failure;
        HttpStatus status;
        try {
            employees.update(id, version, changed, user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.employees.saved", current.login()));
            return new ModelAndView("redirect:/employees");
        } catch (StaleVersionException e) {
            failure = text.of("relations.employees.stale", current.login());
            status = HttpStatus.CONFLICT;
        } catch (ConflictException e) {
            failure = text.of("relations.employees.refused", current.login(), e.getMessage());
            status = HttpStatus.CONFLICT;
        } catch (InvalidInputException e) {
            failure = text.of("relations.employees.refused", current.login(), e.getMessage());
            status = HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return page(EmployeeForm.blank(), FormProblems.general(failure), status);
    }

    private ModelAndView page(EmployeeForm form, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("employees/list", status);
        page.addObject("employees", employees.all());
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("roles", EmployeeRole.values());
        return page;
    }
}
