package org.koppel.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;

/**
 * Each area's bundle trio (i18n/<area>.properties, _nl, _it) holds the same keys: a text added in
 * English only would show English on a Dutch or Italian page. (The shared messages.properties is
 * checked page by page by the page tour.)
 */
class MessageBundlesTest {

    @ParameterizedTest
    @ValueSource(strings = {"shell", "relations", "lists", "sync", "admin", "agenda"})
    void dutchAndItalianHaveEveryKeyEnglishHasAndNoOther(String area) throws IOException {
        Set<String> english = keys("i18n/" + area + ".properties");
        for (String language : List.of("nl", "it")) {
            Set<String> translated = keys("i18n/" + area + "_" + language + ".properties");
            assertThat(difference(english, translated)).as("%s_%s lacks", area, language).isEmpty();
            assertThat(difference(translated, english)).as("%s_%s has keys English does not", area, language).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell", "relations", "lists", "sync", "admin", "agenda"})
    void keysStartWithTheirArea(String area) throws IOException {
        assertThat(keys("i18n/" + area + ".properties")).allSatisfy(key -> assertThat(key).startsWith(area + "."));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        var rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static Set<String> keys(String file) throws IOException {
        var properties = new Properties();
        try (var reader = new InputStreamReader(new ClassPathResource(file).getInputStream(), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }
}
