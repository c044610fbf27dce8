package org.koppel.web.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.runtime.ConnectionUrls;

/**
 * The "new connection" form. The inputs are those of a CardDAV account and of an IMAP mailbox (each
 * type ignores what it does not need); {@code secret} is the app password and is never put back into a page.
 */
public record ConnectionForm(String type, String name, String url, String username, String secret, String addressBook,
                             String calendar, String taskList, String folders) {

    static final Set<String> INPUTS = Set.of("type", "name", "url", "username", "secret", "addressBook", "calendar",
            "taskList", "folders");
    static final String DEFAULT_TYPE = "carddav";
    static final String IMAP = "imap";

    /** imaps://host:993 (TLS from the start), imap://host:143 (STARTTLS), or just the host (TLS on 993). */
    private static final Pattern IMAP_SERVER = Pattern.compile("(?i)(?:(imaps?)://)?([^/:\\s]+)(?::(\\d{1,5}))?/?");

    static ConnectionForm blank() {
        return new ConnectionForm(DEFAULT_TYPE, null, null, null, null, null, null, null, null);
    }

    ConnectionForm ofType(String chosen) {
        return new ConnectionForm(chosen, name, url, username, secret, addressBook, calendar, taskList, folders);
    }

    /** The peer's settings as Connections.create takes them; blank inputs are left out rather than stored empty. */
    Map<String, String> settings() {
        var settings = new LinkedHashMap<String, String>();
        if (IMAP.equals(type)) {
            imapServer(settings);
            put(settings, "folders", folders);
        } else {
            put(settings, "url", url);
            put(settings, "addressBook", addressBook);
            put(settings, "calendar", calendar);
            put(settings, "taskList", taskList);
        }
        put(settings, "username", username);
        return settings;
    }

    /** The server input of an IMAP mailbox as host, port and security; what does not read as a server goes as the host, for the connector to refuse. */
    private void imapServer(Map<String, String> settings) {
        String server = Checks.clean(url);
        if (server == null) return;
        Matcher m = IMAP_SERVER.matcher(server);
        if (!m.matches()) {
            settings.put("host", server);
            return;
        }
        settings.put("host", m.group(2));
        if (m.group(3) != null) settings.put("port", m.group(3));
        if ("imap".equalsIgnoreCase(m.group(1))) settings.put("security", "STARTTLS");
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
                taskList, folders);
    }

    /**
     * Connectors report problems with a setting as {@code settings.url} or {@code url}; both belong to the url
     * input, as do an IMAP mailbox's host, port and security, which that one input holds.
     */
    static FormProblems problems(List<FieldProblem> problems) {
        return FormProblems.of(problems.stream()
                .map(p -> p.at(input(p.field().startsWith("settings.") ? p.field().substring(9) : p.field())))
                .toList(), INPUTS);
    }

    private static String input(String setting) {
        return switch (setting) {
            case "host", "port", "security" -> "url";
            default -> setting;
        };
    }

    private static void put(Map<String, String> settings, String key, String value) {
        String clean = Checks.clean(value);
        if (clean != null) settings.put(key, clean);
    }
}
