package org.koppel.web.ui;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
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

    UiErrorViews(CurrentUsers currentUsers) {
        this.currentUsers = currentUsers;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        var page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("message", messageFor(status));
        page.addObject("currentUser", currentUsers.signedIn().orElse(null));
        return page;
    }

    private static String messageFor(HttpStatus status) {
        return switch (status) {
            case FORBIDDEN -> "This page needs the admin role. Ask an admin if you need access.";
            case NOT_FOUND -> "There is no page at this address.";
            case BAD_REQUEST -> "The request could not be understood. Go back and try again.";
            default -> status.is5xxServerError()
                    ? "Something went wrong on our side. Try again; if it keeps happening, tell your admin."
                    : status.getReasonPhrase() + ".";
        };
    }
}
