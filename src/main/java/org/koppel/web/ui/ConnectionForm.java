package org.koppel.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.runtime.ConnectionUrls;

/**
 * The "new connection" form. The inputs are those of a CardDAV account (other types ignore what
 * they do not need); {@code secret} is the app password and is never put back into a page.
 */
public record ConnectionForm(String type, String name, String url, String username, String secret, String addressBook,
                             String calendar, String taskList) {

    static final Set<String> INPUTS = Set.of("type", "name", "url", "username", "secret", "addressBook", "calendar",
            "taskList");
    static final String DEFAULT_TYPE = "carddav";

    static ConnectionForm blank() {
        return new ConnectionForm(DEFAULT_TYPE, null, null, null, null, null, null, null);
    }

    /** The peer's settings as Connections.create takes them; blank inputs are left out rather than stored empty. */
    Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        put(settings, "url", url);
        put(settings, "username", username);
        put(settings, "addressBook", addressBook);
        put(settings, "calendar", calendar);
        put(settings, "taskList", taskList);
        return settings;
    }

    /** An empty app password is none at all, not an empty secret to encrypt and store. */
    String secretOrNull() {
        return secret == null || secret.isEmpty() ? null : secret;
    }

    /**
     * As typed, but without the app password, nor a password typed into the address: a failed form
     * must not echo a secret into the page.
     */
    ConnectionForm withoutSecret() {
        return new ConnectionForm(type, name, ConnectionUrls.withoutPassword(url), username, null, addressBook, calendar,
                taskList);
    }

    /** Connectors report problems with a setting as {@code settings.url} or {@code url}; both belong to the url input. */
    static FormProblems problems(List<FieldProblem> problems) {
        return FormProblems.of(problems.stream()
                .map(p -> new FieldProblem(p.field().startsWith("settings.") ? p.field().substring(9) : p.field(), p.reason()))
                .toList(), INPUTS);
    }

    private static void put(Map<String, String> settings, String key, String value) {
        String clean = Checks.clean(value);
        if (clean != null) settings.put(key, clean);
    }
}
