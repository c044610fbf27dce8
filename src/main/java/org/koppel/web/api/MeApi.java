package org.koppel.web.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.EmployeePreferences;
import org.koppel.crm.employee.Preferences;
import org.koppel.crm.employee.Employees;
import org.koppel.security.ApiToken;
import org.koppel.security.ApiTokens;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** The signed-in employee and their personal API tokens. */
@RestController
@RequestMapping("/api/v1/me")
class MeApi {

    record NewToken(String name) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    /** The only response that ever holds a token's secret. */
    record IssuedToken(long id, String name, String token) {
    }

    /** The employee as /employees shows them, with their own choices of language and time zone (null: not chosen). */
    record Me(@JsonUnwrapped Employee employee, String language, String timeZone) {
    }

    private final Employees employees;
    private final ApiTokens tokens;
    private final EmployeePreferences preferences;
    private final MergePatch patches;

    MeApi(Employees employees, ApiTokens tokens, EmployeePreferences preferences, MergePatch patches) {
        this.employees = employees;
        this.tokens = tokens;
        this.preferences = preferences;
        this.patches = patches;
    }

    @GetMapping
    Me me(@AuthenticationPrincipal KoppelUser user) {
        return me(user.employeeId());
    }

    /**
     * One's own language and time zone, as a merge patch: {@code {"language": "nl"}} changes the
     * language only, {@code null} clears a choice. Everything else about an employee is an admin's to
     * change (/api/v1/employees), so any other field is refused, named.
     */
    @PatchMapping(consumes = {"application/merge-patch+json", "application/json"})
    Me patch(@RequestBody @ReadAs(Preferences.class) JsonNode patch, @AuthenticationPrincipal KoppelUser user) {
        var read = patches.apply(preferences.of(user.employeeId()), patch, Preferences.class);
        if (!read.problems().isEmpty()) throw new InvalidInputException(read.problems());
        preferences.set(user.employeeId(), read.value());
        return me(user.employeeId());
    }

    @GetMapping("/preferences")
    Preferences preferences(@AuthenticationPrincipal KoppelUser user) {
        return preferences.of(user.employeeId());
    }

    /** Both choices at once; an absent one is cleared. */
    @PutMapping("/preferences")
    Preferences setPreferences(@RequestBody @ReadAs(Preferences.class) JsonNode body, @AuthenticationPrincipal KoppelUser user) {
        var read = patches.apply(Preferences.none(), body, Preferences.class);
        if (!read.problems().isEmpty()) throw new InvalidInputException(read.problems());
        return preferences.set(user.employeeId(), read.value());
    }

    private Me me(long employeeId) {
        var chosen = preferences.of(employeeId);
        return new Me(employees.find(employeeId), chosen.language(), chosen.timeZone());
    }

    /** Choosing one's own password; the only thing an employee with a one-time password may do besides reading /me. */
    @PutMapping("/password")
    ResponseEntity<Void> password(@RequestBody PasswordChange change, @AuthenticationPrincipal KoppelUser user) {
        refuseToken(user, "change the password");
        employees.changeOwnPassword(user.employeeId(), change.currentPassword(), change.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    List<ApiToken> tokens(@AuthenticationPrincipal KoppelUser user) {
        return tokens.of(user.employeeId());
    }

    @PostMapping("/tokens")
    ResponseEntity<IssuedToken> issue(@RequestBody NewToken input, @AuthenticationPrincipal KoppelUser user) {
        refuseToken(user, "create API tokens");
        var issued = tokens.issue(user.employeeId(), input.name());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new IssuedToken(issued.token().id(), issued.token().name(), issued.secret()));
    }

    /**
     * A token must not outlive itself: one that leaked could otherwise mint fresh ones (surviving its
     * revocation) or change the password and take the account. Both need the password.
     */
    private static void refuseToken(KoppelUser user, String what) {
        if (user.byToken()) {
            throw new AccessDeniedException("An API token cannot " + what + "; sign in with your login and password "
                    + "(HTTP Basic or the web UI) to do that");
        }
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        tokens.revoke(user.employeeId(), id);
        return ResponseEntity.noContent().build();
    }
}
