package org.koppel.security;

import java.util.Locale;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in (UI form and HTTP Basic) behind the LoginThrottle: refused while the login or
 * the client address waits, a wrong password counted, a right one clears the login's count. The
 * client address is the one Tomcat reports, which behind a trusted proxy is the forwarded one.
 */
class ThrottledSignIn implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledSignIn(UserDetailsService logins, PasswordEncoder encoder, LoginThrottle throttle) {
        this.passwords = new DaoAuthenticationProvider(logins);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String login = attempt.getName() == null ? "" : attempt.getName().strip().toLowerCase(Locale.ROOT);
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        var wait = throttle.begin(login, address);
        if (wait.isPresent()) throw new SignInThrottledException(wait.get());
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            throttle.succeeded(login, address);
            return signedIn;
        } catch (BadCredentialsException e) {
            // unknown logins count too (the same exception): the throttle tells nobody which logins exist
            throttle.failed(login, address);
            throw e;
        } catch (RuntimeException | Error e) {
            throttle.abandoned(login, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
