package org.koppel.google;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.sync.DataType;

/**
 * What the Google sign-in asks for: {@code openid email} for the account's address (the id token's
 * {@code email} and {@code sub}), and one scope per data type: contacts always, calendar and tasks only
 * when the employee syncs appointments or tasks, so nobody is asked to open a calendar Koppel does not
 * sync. Turning one on later asks the owner to sign in again ({@link #grants}).
 * Scopes from "OAuth 2.0 Scopes for Google APIs" (https://developers.google.com/identity/protocols/oauth2/scopes).
 */
public final class GoogleScopes {

    static final List<String> SIGN_IN = List.of("openid", "email");

    private static final Map<DataType, String> BY_TYPE = new EnumMap<>(Map.of(
            // People API: "See, edit, download, and permanently delete your contacts"
            DataType.CONTACTS, "https://www.googleapis.com/auth/contacts",
            // Calendar API: "View and edit events on all your calendars"
            DataType.APPOINTMENTS, "https://www.googleapis.com/auth/calendar.events",
            // Tasks API: "Create, edit, organize, and delete all your tasks"
            DataType.TASKS, "https://www.googleapis.com/auth/tasks"));

    private GoogleScopes() {
    }

    /** What a sign-in asks for, in a fixed order. */
    public static List<String> forSignIn(boolean appointments, boolean tasks) {
        var scopes = new ArrayList<>(SIGN_IN);
        scopes.add(BY_TYPE.get(DataType.CONTACTS));
        if (appointments) scopes.add(BY_TYPE.get(DataType.APPOINTMENTS));
        if (tasks) scopes.add(BY_TYPE.get(DataType.TASKS));
        return List.copyOf(scopes);
    }

    /** The scope a data type needs; null for a type Google connections do not sync. */
    public static String of(DataType type) {
        return BY_TYPE.get(type);
    }

    /**
     * Whether a sign-in whose token response said {@code grantedScope} (space-separated) allows the data
     * type. Google lets the user untick scopes on the consent screen, so what was granted is what counts.
     */
    public static boolean grants(String grantedScope, DataType type) {
        String needed = of(type);
        return needed != null && grantedScope != null && names(grantedScope).contains(needed);
    }

    /** A granted scope as Koppel keeps it: the names once each, sorted, space-separated. */
    static String kept(String granted) {
        return String.join(" ", new java.util.TreeSet<>(names(granted)));
    }

    private static Set<String> names(String scope) {
        return Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
