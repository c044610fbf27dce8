package org.koppel.web.ui;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * {@code ?lang=nl} on a page (the login page's language links) switches the language for this
 * browser before anyone has signed in; KoppelLocales keeps it in a cookie and ignores languages
 * Koppel does not have. Signed in, the employee's own choice (account page) wins.
 */
@Configuration
class UiLanguageSwitch implements WebMvcConfigurer {

    static final String PARAMETER = "lang";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName(PARAMETER);
        change.setHttpMethods("GET");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/login");
    }
}
