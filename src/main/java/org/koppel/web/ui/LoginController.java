package org.koppel.web.ui;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security handles the POST to /login and to /logout. */
@Controller
class LoginController {

    /** {@code throttled} is read as a number only: the page never echoes text from the address. */
    @GetMapping("/login")
    String login(@RequestParam(required = false) String throttled, Model model) {
        if (throttled != null && throttled.matches("\\d{1,3}")) model.addAttribute("throttledMinutes", Integer.parseInt(throttled));
        return "login";
    }
}
