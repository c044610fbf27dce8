package org.koppel.web.ui;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.koppel.crm.Checks;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One employee for admins (the security chain keeps others out): everything the API changes of
 * them, and a password set by the admin. A password is never shown back, not even after a
 * refusal; with "must change" ticked it is a one-time password the employee replaces at sign-in.
 */
@Controller
@RequestMapping("/employees/{id}")
class EmployeeEditController {

    /** The edit form; e-mail addresses as one line, separated by commas, as when adding. */
    record Form(Long version, String login, String displayName, String emails, EmployeeRole role, Boolean active) {

        static final Set<String> INPUTS = Set.of("login", "displayName", "emails", "role", "active");

        static Form of(Employee e) {
            return new Form(e.version(), e.login(), e.displayName(), String.join(", ", e.emails()), e.role(), e.active());
        }

        Employee toEmployee(Employee current) {
            List<String> addresses = emails == null ? List.of()
                    : Arrays.stream(emails.split(",")).map(Checks::clean).filter(s -> s != null).toList();
            return new Employee(current.id(), version, login, displayName, addresses, role, Boolean.TRUE.equals(active),
                    current.personId(), null, null);
        }
    }

    private static final Set<String> PASSWORD_INPUTS = Set.of("password", "repeatPassword");

    private final Employees employees;
    private final UiText text;

    EmployeeEditController(Employees employees, UiText text) {
        this.employees = employees;
        this.text = text;
    }

    @GetMapping
    ModelAndView show(@PathVariable long id) {
        Employee employee = employees.find(id);
        return page(employee, Form.of(employee), FormProblems.none(), FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/edit")
    ModelAndView update(@PathVariable long id, Form form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        Employee current = employees.find(id);
        try {
            employees.update(id, form.version(), form.toEmployee(current), user.origin());
            redirect.addFlashAttribute("notice", text.of("relations.employee.saved", current.login()));
            return new ModelAndView("redirect:/employees/" + id);
        } catch (InvalidInputException e) {
            return page(current, form, FormProblems.of(e.problems(), Form.INPUTS), FormProblems.none(),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (StaleVersionException e) {
            return page(current, form, FormProblems.general(text.of("relations.employee.stale")), FormProblems.none(),
                    HttpStatus.CONFLICT).addObject("stale", true);
        } catch (ConflictException e) {
            return page(current, form, FormProblems.general(e.getMessage()), FormProblems.none(), HttpStatus.CONFLICT);
        }
    }

    @PostMapping("/password")
    ModelAndView password(@PathVariable long id, @RequestParam String password, @RequestParam String repeatPassword,
                          @RequestParam(defaultValue = "false") boolean mustChange, RedirectAttributes redirect) {
        Employee current = employees.find(id);
        try {
            if (!password.equals(repeatPassword)) {
                throw new InvalidInputException("repeatPassword", text.of("relations.employee.passwordsDiffer"));
            }
            employees.setPassword(id, password, mustChange);
            redirect.addFlashAttribute("notice", text.of(mustChange ? "relations.employee.oneTimeSet"
                    : "relations.employee.passwordSet", current.login()));
            return new ModelAndView("redirect:/employees/" + id);
        } catch (InvalidInputException e) {
            return page(current, Form.of(current), FormProblems.none(), FormProblems.of(e.problems(), PASSWORD_INPUTS),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    private ModelAndView page(Employee employee, Form form, FormProblems problems, FormProblems passwordProblems,
                              HttpStatus status) {
        var page = new ModelAndView("employees/edit", status);
        page.addObject("employee", employee);
        page.addObject("form", form);
        page.addObject("problems", problems);
        page.addObject("passwordProblems", passwordProblems);
        page.addObject("roles", EmployeeRole.values());
        page.addObject("stale", false);
        return page;
    }

}
