package org.koppel.crm.employee;

/**
 * An employee's own choices for the UI: the language (one of {@link #LANGUAGES}) and the time zone
 * (an IANA id). {@code null}: not chosen, the browser's language and Koppel's default zone apply.
 */
public record Preferences(String language, String timeZone) {

    /** The languages Koppel's UI is written in; the first is the one for everyone who chose none Koppel has. */
    public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "nl", "it");

    public static Preferences none() {
        return new Preferences(null, null);
    }
}
