package org.koppel.web.ui;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Another employee's private appointment, opened for a change, is a 403 explained as such on a
 * page of the UI, instead of the admin-role message of the security filter.
 */
@ControllerAdvice(assignableTypes = AppointmentFormController.class)
class AgendaAccess {

    private final CurrentUsers currentUsers;
    private final AgendaTexts texts;

    AgendaAccess(CurrentUsers currentUsers, AgendaTexts texts) {
        this.texts = texts;
        this.currentUsers = currentUsers;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView privateAppointment(AccessDeniedException e) {
        var page = new ModelAndView("error", HttpStatus.FORBIDDEN);
        page.addObject("status", HttpStatus.FORBIDDEN.value());
        page.addObject("message", texts.msg("agenda.appointment.private"));
        page.addObject("currentUser", currentUsers.signedIn().orElse(null));
        return page;
    }
}
