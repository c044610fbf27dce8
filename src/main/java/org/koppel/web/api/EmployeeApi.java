package org.koppel.web.api;

import java.util.List;

import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeeRole;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** Employees: everyone reads, admins change (see SecurityConfig). Employees are deactivated, never deleted. */
@RestController
@RequestMapping("/api/v1/employees")
class EmployeeApi {

    /** A new employee with an optional first password. */
    record NewEmployee(String login, String displayName, List<String> emails, EmployeeRole role, Boolean active,
                       Long personId, String password) {
    }

    record NewPassword(String password) {
    }

    private final Employees employees;
    private final LenientBody bodies;

    EmployeeApi(Employees employees, LenientBody bodies) {
        this.employees = employees;
        this.bodies = bodies;
    }

    @GetMapping
    List<Employee> list() {
        return employees.all();
    }

    @GetMapping("/{id}")
    ResponseEntity<Employee> get(@PathVariable long id) {
        Employee e = employees.find(id);
        return ETags.ok(e.version(), e);
    }

    @PostMapping
    ResponseEntity<Employee> create(@RequestBody @ReadAs(NewEmployee.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var read = bodies.read(body, NewEmployee.class);
        NewEmployee input = read.value();
        Employee created = employees.create(new Employee(null, null, input.login(), input.displayName(), input.emails(),
                input.role(), input.active() == null || input.active(), input.personId(), null, null),
                input.password(), false, read.problems(), user.origin());
        return ETags.created(created.id(), created.version(), created);
    }

    @PutMapping("/{id}")
    ResponseEntity<Employee> replace(@PathVariable long id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody @ReadAs(Employee.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var input = bodies.read(body, Employee.class);
        Employee e = employees.update(id, ETags.expected(ifMatch, input.value().version()), input.value(), input.problems(),
                user.origin());
        return ETags.ok(e.version(), e);
    }

    /** Sets a password chosen by an admin; the employee must change it at the next sign-in. */
    @PutMapping("/{id}/password")
    ResponseEntity<Void> password(@PathVariable long id, @RequestBody NewPassword input) {
        employees.setPassword(id, input.password(), true);
        return ResponseEntity.noContent().build();
    }
}
