package org.koppel.web.ui;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;

import org.koppel.crm.NotFoundException;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.employee.Employee;
import org.koppel.security.KoppelUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An employee's agenda: the appointments of one week, Monday to Sunday, and their open tasks.
 * Anyone may look at a colleague's agenda; what of a private appointment they see is the service's call.
 */
@Controller
class AgendaController {

    private final AgendaViews views;
    private final EmployeeDirectory employees;
    private final AgendaTexts texts;

    AgendaController(AgendaViews views, EmployeeDirectory employees, AgendaTexts texts) {
        this.texts = texts;
        this.views = views;
        this.employees = employees;
    }

    @GetMapping("/agenda")
    String agenda(@RequestParam(required = false) Long employee, @RequestParam(required = false) String week,
                  @AuthenticationPrincipal KoppelUser user, Model model) {
        long employeeId = employee == null ? user.employeeId() : employee;
        Employee shown = employees.all().stream().filter(e -> e.id() == employeeId).findFirst()
                .orElseThrow(() -> new NotFoundException("employee", employeeId));
        LocalDate monday = monday(week);
        Viewer viewer = new Viewer(user.employeeId(), user.admin());
        model.addAttribute("employee", shown);
        model.addAttribute("own", employeeId == user.employeeId());
        model.addAttribute("employees", employees.all());
        model.addAttribute("week", monday);
        model.addAttribute("previous", monday.minusWeeks(1));
        model.addAttribute("next", monday.plusWeeks(1));
        // month names in the page's language: "7 dicembre 2026 – 13 dicembre 2026"
        DateTimeFormatter range = DateTimeFormatter.ofPattern("d MMMM yyyy", texts.locale());
        model.addAttribute("range", range.format(monday) + " – " + range.format(monday.plusDays(6)));
        model.addAttribute("days", views.week(employeeId, monday, viewer));
        model.addAttribute("tasks", views.openTasks(employeeId));
        return "agenda/week";
    }

    /** The Monday of the week holding {@code week} (a date), or of this week; a date that is none is a 404. */
    private LocalDate monday(String week) {
        LocalDate day;
        try {
            day = week == null || week.isBlank() ? views.today() : LocalDate.parse(week.strip());
        } catch (DateTimeParseException e) {
            throw new NotFoundException("week", week);
        }
        return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
}
