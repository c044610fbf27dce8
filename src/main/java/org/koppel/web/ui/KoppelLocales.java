package org.koppel.web.ui;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.koppel.crm.employee.EmployeePreferences;
import org.koppel.crm.employee.Preferences;
import org.koppel.security.KoppelUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.context.i18n.TimeZoneAwareLocaleContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.i18n.AbstractLocaleContextResolver;

/**
 * The language and time zone of a request. Language: the signed-in employee's own choice, else the
 * one picked on this browser before signing in (the login page's switcher, a cookie), else the
 * best of Koppel's languages in the browser's Accept-Language, else English. Time zone: the
 * employee's choice, else {@code koppel.ui.default-time-zone}. Named localeResolver, the bean
 * Spring MVC asks; Thymeleaf's {@code #locale} and {@code #messages} follow it.
 */
@Component("localeResolver")
public class KoppelLocales extends AbstractLocaleContextResolver {

    /** The choice made before signing in; a signed-in employee's own choice is stored with them instead. */
    static final String COOKIE = "koppel-lang";
    static final List<Locale> LANGUAGES = Preferences.LANGUAGES.stream().map(Locale::forLanguageTag).toList();
    private static final String RESOLVED = KoppelLocales.class.getName() + ".resolved";

    private final EmployeePreferences preferences;
    private final ZoneId defaultZone;

    KoppelLocales(EmployeePreferences preferences, @Value("${koppel.ui.default-time-zone:Europe/Amsterdam}") String zone) {
        if (!EmployeePreferences.knownZone(zone)) {
            throw new IllegalArgumentException("koppel.ui.default-time-zone: '" + zone
                    + "' is not a time zone; use an IANA id such as Europe/Amsterdam");
        }
        this.preferences = preferences;
        this.defaultZone = ZoneId.of(zone);
    }

    /** The zone for employees who chose none. */
    public ZoneId defaultZone() {
        return defaultZone;
    }

    @Override
    public LocaleContext resolveLocaleContext(HttpServletRequest request) {
        // asked several times per request (Spring MVC, Thymeleaf, the Dates bean): the preferences are read once
        if (request.getAttribute(RESOLVED) instanceof LocaleContext known) return known;
        Preferences chosen = signedIn().map(preferences::of).orElse(Preferences.none());
        Locale locale = language(chosen.language()).or(() -> cookie(request)).orElseGet(() -> fromBrowser(request));
        ZoneId zone = chosen.timeZone() == null ? defaultZone : ZoneId.of(chosen.timeZone());
        var context = new SimpleTimeZoneAwareLocaleContext(locale, TimeZone.getTimeZone(zone));
        request.setAttribute(RESOLVED, context);
        return context;
    }

    /** The login page's language switcher (?lang=nl, see WebConfig): remembered on this browser. */
    @Override
    public void setLocaleContext(HttpServletRequest request, HttpServletResponse response, LocaleContext context) {
        Optional<Locale> wanted = Optional.ofNullable(context).map(LocaleContext::getLocale)
                .flatMap(l -> language(l.getLanguage()));
        if (wanted.isEmpty()) return;
        if (response != null) {
            var cookie = new Cookie(COOKIE, wanted.get().getLanguage());
            cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
            cookie.setMaxAge(60 * 60 * 24 * 365);
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
        }
        TimeZone zone = context instanceof TimeZoneAwareLocaleContext z && z.getTimeZone() != null
                ? z.getTimeZone() : TimeZone.getTimeZone(defaultZone);
        request.removeAttribute(RESOLVED);
        // an employee's stored choice still wins on the next request; this one shows what was asked for
        request.setAttribute(RESOLVED, new SimpleTimeZoneAwareLocaleContext(wanted.get(), zone));
    }

    private static Optional<Long> signedIn() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof KoppelUser user
                ? Optional.of(user.employeeId()) : Optional.empty();
    }

    private static Optional<Locale> language(String tag) {
        if (tag == null) return Optional.empty();
        return LANGUAGES.stream().filter(l -> l.getLanguage().equalsIgnoreCase(tag)).findFirst();
    }

    private static Optional<Locale> cookie(HttpServletRequest request) {
        if (request.getCookies() == null) return Optional.empty();
        for (Cookie c : request.getCookies()) {
            if (COOKIE.equals(c.getName())) return language(c.getValue());
        }
        return Optional.empty();
    }

    /** The browser's most wanted language Koppel has ("nl-BE,nl;q=0.9,en;q=0.8" gives Dutch). */
    static Locale fromBrowser(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) return LANGUAGES.getFirst();
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(header), LANGUAGES);
            return best == null ? LANGUAGES.getFirst() : best;
        } catch (IllegalArgumentException malformed) {
            return LANGUAGES.getFirst();
        }
    }
}
