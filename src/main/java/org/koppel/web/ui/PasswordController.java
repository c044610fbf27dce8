package org.koppel.web.ui;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.employee.Employees;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecurityConfig;
import org.koppel.security.SignInThrottledException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Choosing one's own password. Employees signed in with a one-time password are sent here and
 * can go nowhere else until they have chosen one (see OneTimePasswordGuard).
 */
@Controller
@RequestMapping(SecurityConfig.PASSWORD_PAGE)
class PasswordController {

    private static final Set<String> INPUTS = Set.of("currentPassword", "newPassword", "repeatPassword");

    private final Employees employees;
    private final AuthenticationProvider passwordSignIn;
    private final UiText text;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    PasswordController(Employees employees, AuthenticationProvider passwordSignIn, UiText text) {
        this.employees = employees;
        this.passwordSignIn = passwordSignIn;
        this.text = text;
    }

    @GetMapping
    String form(@AuthenticationPrincipal KoppelUser user, Model model) {
        model.addAttribute("mustChange", user.mustChangePassword());
        model.addAttribute("problems", FormProblems.none());
        return "account/password";
    }

    @PostMapping
    String change(@RequestParam String currentPassword, @RequestParam String newPassword,
                  @RequestParam String repeatPassword, @AuthenticationPrincipal KoppelUser user, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        long stamp;
        try {
            checkInReadersLanguage(currentPassword, newPassword, repeatPassword);
            confirm(user, currentPassword, request);
            stamp = employees.changeOwnPassword(user.employeeId(), currentPassword, newPassword);
        } catch (InvalidInputException e) {
            response.setStatus(e instanceof TooManyGuesses ? 429 : 422);
            model.addAttribute("mustChange", user.mustChangePassword());
            model.addAttribute("problems", FormProblems.of(e.problems(), INPUTS));
            return "account/password";
        }
        signInAgainWithNewPassword(user, stamp, request, response);
        return "redirect:/relations?passwordChanged";
    }

    /**
     * The rules Employees.changeOwnPassword checks as well, checked here first to say them in the
     * employee's language (the write path's own reasons are English, for the API).
     */
    private void checkInReadersLanguage(String currentPassword, String newPassword, String repeatPassword) {
        var checks = new Checks();
        if (currentPassword.isEmpty()) checks.problem("currentPassword", text.of("shell.password.required"));
        if (newPassword.isEmpty()) checks.problem("newPassword", text.of("shell.password.required"));
        else if (newPassword.length() < Employees.MIN_PASSWORD_LENGTH) checks.problem("newPassword", text.of("shell.password.tooShort"));
        else if (newPassword.length() > Employees.MAX_PASSWORD_LENGTH) checks.problem("newPassword", text.of("shell.password.tooLong"));
        else if (newPassword.equals(currentPassword)) checks.problem("newPassword", text.of("shell.password.unchanged"));
        if (!newPassword.equals(repeatPassword)) checks.problem("repeatPassword", text.of("shell.password.notSame"));
        checks.throwIfAny();
    }


    /**
     * The current password is checked as a sign-in is, behind the sign-in throttle: whoever got hold
     * of a session (a computer left signed in) could otherwise guess its password here unthrottled,
     * and with it take the account for good. The employee's login as stored now, not at sign-in.
     */
    private void confirm(KoppelUser user, String currentPassword, HttpServletRequest request) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(employees.find(user.employeeId()).login(),
                currentPassword);
        attempt.setDetails(new WebAuthenticationDetails(request));
        try {
            passwordSignIn.authenticate(attempt);
        } catch (SignInThrottledException e) {
            throw new TooManyGuesses(e.minutes());
        } catch (AuthenticationException e) {
            throw new InvalidInputException("currentPassword", text.of("shell.password.wrong"));
        }
    }

    private final class TooManyGuesses extends InvalidInputException {
        TooManyGuesses(long minutes) {
            super("currentPassword", text.of("shell.password.tooManyGuesses", minutes));
        }
    }

    /**
     * The session still holds the principal of the sign-in: it must stop counting as one-time, and
     * carry the stamp the change raised, so this session goes on while the employee's others end.
     */
    private void signInAgainWithNewPassword(KoppelUser user, long stamp, HttpServletRequest request,
                                            HttpServletResponse response) {
        var updated = user.withNewPassword(stamp);
        // a new session id too: whoever knew the old one (the reason to change a password, maybe) is out
        request.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities()));
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
    }
}
