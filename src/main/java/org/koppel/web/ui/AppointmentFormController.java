package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.RecordType;
import org.koppel.crm.agenda.Appointment;
import org.koppel.crm.agenda.Appointments;
import org.koppel.crm.agenda.Viewer;
import org.koppel.crm.agenda.Visibility;
import org.koppel.security.KoppelUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
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

/**
 * Creating and editing an appointment through {@link Appointments}, which decides who may: another
 * employee's private appointment is a 403 page ({@link AgendaAccess}). A failed save stores
 * nothing and shows the form again as typed, each problem beside its input.
 */
@Controller
@RequestMapping("/appointments")
class AppointmentFormController {

    private final Appointments appointments;
    private final EmployeeDirectory employees;
    private final RecordHistory history;
    private final RelationNames names;
    private final AgendaTexts texts;

    AppointmentFormController(Appointments appointments, EmployeeDirectory employees, RecordHistory history,
                              RelationNames names, AgendaTexts texts) {
        this.texts = texts;
        this.names = names;
        this.appointments = appointments;
        this.employees = employees;
        this.history = history;
    }

    @GetMapping("/new")
    ModelAndView newAppointment(@RequestParam(required = false) Long relation, @AuthenticationPrincipal KoppelUser user) {
        return form(AppointmentForm.blank(user.employeeId(), relation), null, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping
    ModelAndView create(@ModelAttribute("form") AppointmentForm form, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        var unreadable = new ArrayList<FieldProblem>();
        try {
            Appointment created = appointments.create(form.toAppointment(null, unreadable), unreadable, viewer(user),
                    user.origin());
            redirect.addFlashAttribute("notice", texts.msg("agenda.appointment.created"));
            return new ModelAndView("redirect:/appointments/" + created.id() + "/edit");
        } catch (InvalidInputException e) {
            return form(form, null, FormProblems.of(e.problems(), AppointmentForm.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (AccessDeniedException e) {
            return form(form, null, FormProblems.general(texts.msg("agenda.appointment.privateToOther")), HttpStatus.FORBIDDEN);
        }
    }

    /** The form is the appointment's page: only those who may change it may read it in full. */
    @GetMapping("/{id}/edit")
    ModelAndView edit(@PathVariable long id, @AuthenticationPrincipal KoppelUser user) {
        Appointment current = appointments.findForChange(id, viewer(user));
        return form(AppointmentForm.of(current), current, FormProblems.none(), HttpStatus.OK);
    }

    @PostMapping("/{id}")
    ModelAndView update(@PathVariable long id, @ModelAttribute("form") AppointmentForm form,
                        @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        Appointment current = appointments.findForChange(id, viewer(user));
        var unreadable = new ArrayList<FieldProblem>();
        try {
            appointments.update(id, form.version(), form.toAppointment(current, unreadable), unreadable, viewer(user),
                    user.origin());
            redirect.addFlashAttribute("notice", texts.msg("agenda.form.saved"));
            return new ModelAndView("redirect:/appointments/" + id + "/edit");
        } catch (InvalidInputException e) {
            return form(form, current, FormProblems.of(e.problems(), AppointmentForm.INPUTS), HttpStatus.UNPROCESSABLE_CONTENT);
        } catch (StaleVersionException e) {
            return form(form, current, FormProblems.general(texts.msg("agenda.appointment.stale")), HttpStatus.CONFLICT);
        } catch (ConflictException e) {
            return form(form, current, FormProblems.general(e.getMessage()), HttpStatus.CONFLICT);
        } catch (AccessDeniedException e) {
            // the stored one was the viewer's to change (findForChange): the new one would not be
            return form(form, current, FormProblems.general(texts.msg("agenda.appointment.privateToOther")), HttpStatus.FORBIDDEN);
        }
    }

    /** Soft delete with the version the page showed; the appointment's page then offers to restore it. */
    @PostMapping("/{id}/delete")
    ModelAndView delete(@PathVariable long id, @RequestParam Long version, @AuthenticationPrincipal KoppelUser user,
                        RedirectAttributes redirect) {
        try {
            appointments.delete(id, version, viewer(user), user.origin());
        } catch (StaleVersionException e) {
            Appointment current = appointments.findForChange(id, viewer(user));
            return form(AppointmentForm.of(current), current, FormProblems.general(texts.msg("agenda.appointment.stale")), HttpStatus.CONFLICT);
        }
        redirect.addFlashAttribute("notice", texts.msg("agenda.appointment.deleted"));
        return new ModelAndView("redirect:/appointments/" + id + "/edit");
    }

    @PostMapping("/{id}/restore")
    ModelAndView restore(@PathVariable long id, @AuthenticationPrincipal KoppelUser user, RedirectAttributes redirect) {
        appointments.restore(id, viewer(user), user.origin());
        redirect.addFlashAttribute("notice", texts.msg("agenda.appointment.restored"));
        return new ModelAndView("redirect:/appointments/" + id + "/edit");
    }

    private static Viewer viewer(KoppelUser user) {
        return new Viewer(user.employeeId(), user.admin());
    }

    private ModelAndView form(AppointmentForm form, Appointment current, FormProblems problems, HttpStatus status) {
        var page = new ModelAndView("agenda/appointment-form", status);
        page.addObject("form", form);
        page.addObject("title", current == null ? texts.msg("agenda.appointment.new") : texts.msg("agenda.appointment.edit", current.subject()));
        page.addObject("appointment", current);
        page.addObject("changes", current == null ? List.of() : history.of(RecordType.APPOINTMENT, current.id()));
        page.addObject("relationNames", names.of(current == null ? List.of() : current.relationIds()));
        page.addObject("problems", problems);
        page.addObject("employees", employees.choices(form.organiserId() == null ? List.of() : List.of(form.organiserId())));
        page.addObject("visibilities", Visibility.values());
        return page;
    }
}
