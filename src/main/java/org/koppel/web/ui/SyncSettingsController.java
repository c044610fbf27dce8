package org.koppel.web.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.koppel.crm.InvalidInputException;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.employee.Employees;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.Groups;
import org.koppel.runtime.SyncSettings;
import org.koppel.sync.SyncPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sync settings for admins (the security chain keeps others out): the organisation's contact
 * settings and one employee's overrides, and the organisation's appointment, task and e-mail settings. Each
 * form replaces only its own settings of a layer; the others are left as they are.
 */
@Controller
@RequestMapping("/settings/sync")
class SyncSettingsController {

    private static final String ORGANISATION = "ORGANISATION";
    private static final String EMPLOYEE = "EMPLOYEE";

    private final SyncSettings settings;
    private final Employees employees;
    private final Groups groups;

    private final UiText text;

    SyncSettingsController(SyncSettings settings, Employees employees, Groups groups,
                           UiText text) {
        this.text = text;
        this.settings = settings;
        this.employees = employees;
        this.groups = groups;
    }

    @GetMapping
    ModelAndView show(@RequestParam(required = false) Long employee) {
        return page(null, FormProblems.none(), employee == null ? null : employees.find(employee), null,
                FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView saveOrganisation(@ModelAttribute SyncSettingsForm form, RedirectAttributes redirect) {
        try {
            replaceContacts(ORGANISATION, 0, form.toSettings(true));
            redirect.addFlashAttribute("notice", text.of("sync.settings.savedOrganisation"));
            return new ModelAndView("redirect:/settings/sync");
        } catch (InvalidInputException e) {
            return page(form, SyncSettingsForm.problems(e.problems()), null, null, FormProblems.none(),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    @PostMapping("/agenda")
    ModelAndView saveAgenda(@RequestParam Map<String, String> params, RedirectAttributes redirect) {
        AgendaSyncForm form = AgendaSyncForm.posted(params);
        var all = new HashMap<>(settings.get(ORGANISATION, 0));
        all.keySet().removeIf(AgendaSyncForm.INPUTS::contains);
        all.putAll(form.values());
        try {
            settings.replace(ORGANISATION, 0, all);
        } catch (InvalidInputException e) {
            var page = page(null, FormProblems.none(), null, null, FormProblems.none(), HttpStatus.UNPROCESSABLE_CONTENT);
            page.addObject("agenda", AgendaSyncForm.stored(form.values()));
            page.addObject("agendaProblems", FormProblems.of(e.problems(), AgendaSyncForm.INPUTS));
            return page;
        }
        boolean on = form.turnedOn("appointments") || form.turnedOn("tasks");
        redirect.addFlashAttribute("notice", text.of(on ? "sync.settings.savedAgendaOn" : "sync.settings.savedAgenda"));
        return new ModelAndView("redirect:/settings/sync#agenda-settings");
    }

    /** The organisation's e-mail logging settings; the layer's other settings stay as they are. */
    @PostMapping("/email")
    ModelAndView saveEmail(@RequestParam Map<String, String> params, RedirectAttributes redirect) {
        MailSyncForm form = MailSyncForm.posted(params);
        var all = new HashMap<>(settings.get(ORGANISATION, 0));
        all.keySet().removeIf(MailSyncForm.INPUTS::contains);
        all.putAll(form.values());
        try {
            settings.replace(ORGANISATION, 0, all);
        } catch (InvalidInputException e) {
            var page = page(null, FormProblems.none(), null, null, FormProblems.none(), HttpStatus.UNPROCESSABLE_CONTENT);
            page.addObject("email", form);
            page.addObject("emailProblems", FormProblems.of(e.problems(), MailSyncForm.INPUTS));
            return page;
        }
        redirect.addFlashAttribute("notice", text.of(form.on() ? "sync.settings.savedEmailOn" : "sync.settings.savedEmailOff"));
        return new ModelAndView("redirect:/settings/sync#email-settings");
    }

    @PostMapping("/employees/{employeeId}")
    ModelAndView saveEmployee(@PathVariable long employeeId, @ModelAttribute SyncSettingsForm form,
                              RedirectAttributes redirect) {
        Employee employee = employees.find(employeeId);
        try {
            replaceContacts(EMPLOYEE, employeeId, form.toSettings(false));
            redirect.addFlashAttribute("notice", text.of("sync.settings.savedEmployee", employee.displayName()));
            return new ModelAndView("redirect:/settings/sync?employee=" + employeeId + "#employee-settings");
        } catch (InvalidInputException e) {
            return page(null, FormProblems.none(), employee, form, SyncSettingsForm.problems(e.problems()),
                    HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    /** A layer is replaced as a whole, so its settings of other data types are carried over. */
    private void replaceContacts(String layer, long id, Map<String, String> contacts) {
        var all = new HashMap<>(settings.get(layer, id));
        all.keySet().removeIf(name -> name.startsWith(SyncSettingsForm.PREFIX));
        all.putAll(contacts);
        settings.replace(layer, id, all);
    }

    private ModelAndView page(SyncSettingsForm organisation, FormProblems organisationProblems, Employee employee,
                              SyncSettingsForm employeeForm, FormProblems employeeProblems, HttpStatus status) {
        SyncSettingsForm stored = SyncSettingsForm.organisation(settings.get(ORGANISATION, 0));
        var page = new ModelAndView("settings/sync", status);
        page.addObject("organisation", organisation == null ? stored : organisation);
        page.addObject("organisationProblems", organisationProblems);
        // what an employee's blank inputs fall back to: the organisation's saved settings, not unsaved input
        page.addObject("inherited", stored);
        page.addObject("employees", employees.all());
        page.addObject("withOwnSettings", withOwnSettings());
        page.addObject("employee", employee);
        page.addObject("employeeForm", employee == null ? null
                : employeeForm != null ? employeeForm : SyncSettingsForm.employee(settings.get(EMPLOYEE, employee.id())));
        page.addObject("employeeProblems", employeeProblems);
        page.addObject("mainGroups", groups.all().stream().map(Group::mainGroup).filter(Objects::nonNull).distinct()
                .sorted().toList());
        page.addObject("directions", SyncPolicy.Direction.values());
        page.addObject("scopeRules", SyncPolicy.ScopeRule.values());
        page.addObject("creations", SyncPolicy.Creation.values());
        page.addObject("conflictRules", SyncPolicy.ConflictRule.values());
        page.addObject("agenda", AgendaSyncForm.stored(settings.get(ORGANISATION, 0)));
        page.addObject("agendaProblems", FormProblems.none());
        page.addObject("email", MailSyncForm.stored(settings.get(ORGANISATION, 0)));
        page.addObject("emailProblems", FormProblems.none());
        page.addObject("agendaTypes", AgendaSyncForm.TYPES);
        page.addObject("agendaCreations", List.of(SyncPolicy.Creation.NEVER, SyncPolicy.Creation.WHEN_TAGGED,
                SyncPolicy.Creation.CREATE));
        return page;
    }

    /** Employees whose own layer holds contact settings; one query each, as an organisation has tens, not thousands. */
    private List<Employee> withOwnSettings() {
        return employees.all().stream().filter(e -> settings.get(EMPLOYEE, e.id()).keySet().stream()
                .anyMatch(name -> name.startsWith(SyncSettingsForm.PREFIX))).toList();
    }

}
