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

    AgendaAccess(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView privateAppointment(AccessDeniedException e) {
        var page = new ModelAndView("error", HttpStatus.FORBIDDEN);
        page.addObject("status", HttpStatus.FORBIDDEN.value());
        page.addObject("message", "This appointment is private to its organiser: only they and admins can open "
                + "or change it. Its time shows in their agenda.");
        page.addObject("currentUser", currentUsers.signedIn().orElse(null));
        return page;
    }
}
