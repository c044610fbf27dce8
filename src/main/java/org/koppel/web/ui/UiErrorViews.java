package org.koppel.web.ui;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * Error pages in the look of the UI, with the navigation of the signed-in employee, instead of
 * Boot's white-label page. API clients asking for JSON never get here.
 */
@Component
class UiErrorViews implements ErrorViewResolver {

    private final CurrentUsers currentUsers;
    private final MessageSource messages;

    UiErrorViews(CurrentUsers currentUsers, MessageSource messages) {
        this.currentUsers = currentUsers;
        this.messages = messages;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        var page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("message", messageFor(status));
        page.addObject("currentUser", currentUsers.signedIn().orElse(null));
        return page;
    }

    private String messageFor(HttpStatus status) {
        String key = switch (status) {
            case FORBIDDEN -> "shell.error.forbidden";
            case NOT_FOUND -> "shell.error.noPage";
            case BAD_REQUEST -> "shell.error.badRequest";
            default -> status.is5xxServerError() ? "shell.error.server" : "shell.error.status";
        };
        return messages.getMessage(key, new Object[] {String.valueOf(status.value())}, LocaleContextHolder.getLocale());
    }
}
