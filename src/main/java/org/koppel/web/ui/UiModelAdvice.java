package org.koppel.web.ui;

import java.util.Locale;

import org.koppel.crm.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/** Gives every UI page the signed-in employee, and turns a missing record into a 404 page. */
@ControllerAdvice(basePackages = "org.koppel.web.ui")
class UiModelAdvice {

    private final CurrentUsers currentUsers;
    private final MessageSource messages;

    UiModelAdvice(CurrentUsers currentUsers, MessageSource messages) {
        this.currentUsers = currentUsers;
        this.messages = messages;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        return currentUsers.signedIn().orElse(null);
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        var page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", HttpStatus.NOT_FOUND.value());
        page.addObject("message", missing(e, LocaleContextHolder.getLocale()));
        page.addObject("currentUser", currentUser());
        return page;
    }

    /** "Relation 12 does not exist." for the kinds of record the UI names (shell.record.*), a general sentence for the rest. */
    private String missing(NotFoundException e, Locale locale) {
        String kind = messages.getMessage("shell.record." + e.what().replace(' ', '-'), null, null, locale);
        if (kind == null) return messages.getMessage("shell.error.notFound.generic", null, locale);
        // the id as written, not as a number in the reader's format (987.654)
        return messages.getMessage("shell.error.notFound.record", new Object[] {kind, String.valueOf(e.id())}, locale);
    }
}
