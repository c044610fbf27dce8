package org.koppel.web.ui;

import org.koppel.crm.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/** Gives every UI page the signed-in employee, and turns a missing record into a 404 page. */
@ControllerAdvice(basePackages = "org.koppel.web.ui")
class UiModelAdvice {

    private final CurrentUsers currentUsers;

    UiModelAdvice(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        return currentUsers.signedIn().orElse(null);
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        var page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", HttpStatus.NOT_FOUND.value());
        page.addObject("message", capitalised(e.getMessage()) + ".");
        page.addObject("currentUser", currentUser());
        return page;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
