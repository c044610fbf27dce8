package org.koppel.web.ui;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.employee.EmployeePreferences;
import org.koppel.crm.employee.Preferences;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account page: one's own language and time zone (the same choices as PATCH /api/v1/me), and the way to the password page. */
@Controller
class AccountController {

    private static final Set<String> INPUTS = Set.of("language", "timeZone");
    /** Region zones only, as EmployeePreferences takes them: "Europe/Rome", not "Etc/GMT+1" or "CET". */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
            .sorted().toList();

    private final EmployeePreferences preferences;
    private final KoppelLocales locales;
    private final UiText text;
    private final Clock clock;

    AccountController(EmployeePreferences preferences, KoppelLocales locales, UiText text, Clock clock) {
        this.preferences = preferences;
        this.locales = locales;
        this.text = text;
        this.clock = clock;
    }

    @GetMapping("/account")
    String show(@AuthenticationPrincipal KoppelUser user, Model model) {
        return page(preferences.of(user.employeeId()), FormProblems.none(), model);
    }

    @PostMapping("/account/preferences")
    String save(@RequestParam(required = false) String language, @RequestParam(required = false) String timeZone,
                @AuthenticationPrincipal KoppelUser user, Model model, HttpServletResponse response) {
        var wanted = new Preferences(blankAsNull(language), blankAsNull(timeZone));
        try {
            preferences.set(user.employeeId(), wanted);
        } catch (InvalidInputException e) {
            // the write path's reasons are English (for the API); here the page says them in the reader's language
            var reasons = e.problems().stream()
                    .map(p -> new FieldProblem(p.field(), text.of("shell.account.invalid." + p.field()))).toList();
            response.setStatus(422);
            return page(wanted, FormProblems.of(reasons, INPUTS), model);
        }
        // a redirect, so the next page is drawn in the language just chosen
        return "redirect:/account?saved";
    }

    private String page(Preferences shown, FormProblems problems, Model model) {
        model.addAttribute("preferences", shown);
        model.addAttribute("languages", Preferences.LANGUAGES);
        model.addAttribute("zones", ZONES);
        model.addAttribute("defaultZone", locales.defaultZone().getId());
        model.addAttribute("now", clock.instant());
        model.addAttribute("problems", problems);
        return "account/preferences";
    }


    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
