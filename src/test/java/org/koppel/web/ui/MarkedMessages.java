package org.koppel.web.ui;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

/**
 * For the page tour only: every text that comes out of the message bundles is wrapped in ⟦…⟧, so
 * whatever a page shows outside such brackets (and outside the tour's marked data) was written into
 * a template or a controller by hand — English left behind, whichever language the page is in. A
 * Dutch or Italian text that only exists in the English bundle comes out as ⚠key⚠ instead, naming
 * the missing translation. Absent keys stay absent (Thymeleaf shows ??key_nl??).
 */
final class MarkedMessages implements MessageSource {

    static final String OPEN = "⟦";
    static final String CLOSE = "⟧";
    static final String UNTRANSLATED = "⚠";

    private final MessageSource bundles;
    private final Map<String, Set<String>> translatedKeys;

    MarkedMessages(MessageSource bundles, Map<String, Set<String>> translatedKeys) {
        this.bundles = bundles;
        this.translatedKeys = translatedKeys;
    }

    @Override
    public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
        String text = bundles.getMessage(code, args, null, locale);
        if (text == null) return defaultMessage;
        return marked(code, text, locale);
    }

    @Override
    public String getMessage(String code, Object[] args, Locale locale) throws NoSuchMessageException {
        return marked(code, bundles.getMessage(code, args, locale), locale);
    }

    @Override
    public String getMessage(MessageSourceResolvable resolvable, Locale locale) throws NoSuchMessageException {
        String text = bundles.getMessage(resolvable, locale);
        String[] codes = resolvable.getCodes();
        return codes == null || codes.length == 0 ? OPEN + text + CLOSE : marked(codes[0], text, locale);
    }

    private String marked(String code, String text, Locale locale) {
        Set<String> translated = translatedKeys.get(locale == null ? "en" : locale.getLanguage());
        if (translated != null && !translated.contains(code)) return UNTRANSLATED + code + UNTRANSLATED;
        return OPEN + text + CLOSE;
    }

    /** The keys each language's files hold (messages_nl.properties, i18n/shell_nl.properties, ...); English is the base. */
    static Map<String, Set<String>> translatedKeys(List<String> basenames, List<String> languages) {
        var keys = new HashMap<String, Set<String>>();
        for (String language : languages) {
            var set = new HashSet<String>();
            for (String basename : basenames) {
                var file = new ClassPathResource(basename.strip() + "_" + language + ".properties");
                if (!file.exists()) continue;
                try (var reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
                    var properties = new Properties();
                    properties.load(reader);
                    set.addAll(properties.stringPropertyNames());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            keys.put(language, set);
        }
        return keys;
    }

    /** Wraps the application's message source (the bean Spring's context and Thymeleaf ask). */
    @TestConfiguration
    static class Wrapping {

        @Bean
        static BeanPostProcessor markedMessages(Environment environment) {
            List<String> basenames = List.of(environment.getProperty("spring.messages.basename", "messages").split(","));
            var keys = translatedKeys(basenames, List.of("nl", "it"));
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return "messageSource".equals(name) && bean instanceof MessageSource source
                            ? new MarkedMessages(source, keys) : bean;
                }
            };
        }
    }
}
