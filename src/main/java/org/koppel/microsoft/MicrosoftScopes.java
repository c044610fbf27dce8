package org.koppel.microsoft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.sync.DataType;

/**
 * What the Microsoft sign-in asks for: the sign-in's own scopes, and one Graph permission per data
 * type a microsoft365 connection can sync (one line each). A sign-in asks for all of them, so turning
 * a data type on later needs no new sign-in, except mail ({@link #forSignIn}); a sign-in made before
 * a type's line existed, or without mail, lacks it, and that type's peer asks its owner to sign in
 * again ({@link #grants}).
 * Permission names from "Microsoft Graph permissions reference" (https://learn.microsoft.com/graph/permissions-reference).
 */
public final class MicrosoftScopes {

    /**
     * {@code profile} because the id token carries {@code preferred_username} (the account shown on
     * the connection) and {@code oid} only with it; {@code offline_access} for a refresh token, as
     * Koppel syncs when nobody is signed in.
     */
    static final List<String> SIGN_IN = List.of("openid", "profile", "offline_access");

    private static final Map<DataType, String> BY_TYPE = new EnumMap<>(Map.of(
            DataType.CONTACTS, "Contacts.ReadWrite",
            DataType.APPOINTMENTS, "Calendars.ReadWrite",
            DataType.TASKS, "Tasks.ReadWrite",
            // reading the marked mails and adding categories to them ("Update message" needs Mail.ReadWrite)
            DataType.EMAIL, "Mail.ReadWrite"));

    /**
     * What sign-ins asked for before the scope granted was kept with the tokens: their tokens carry
     * no scope, and are taken to grant this.
     */
    static final String BEFORE_SCOPES_WERE_KEPT = "Contacts.ReadWrite";

    private MicrosoftScopes() {
    }

    /** Every permission a sign-in may ask for, in a fixed order. */
    public static List<String> all() {
        var all = new ArrayList<>(SIGN_IN);
        BY_TYPE.values().stream().sorted().forEach(all::add);
        return Collections.unmodifiableList(all);
    }

    /**
     * What a sign-in asks for: everything, but Mail.ReadWrite only when e-mail logging is on for the
     * employee signing in. It opens every mail of the mailbox, which an employee should not be asked to
     * grant (nor an admin to consent to) for a feature that is off; the other permissions open only
     * what Koppel syncs anyway. Turning e-mail on later asks the mailbox's owner to sign in again.
     */
    public static List<String> forSignIn(boolean mail) {
        String withheld = BY_TYPE.get(DataType.EMAIL);
        return all().stream().filter(s -> mail || !s.equals(withheld)).toList();
    }

    /** The Graph permission a data type needs; null for a type Microsoft 365 connections do not sync. */
    public static String of(DataType type) {
        return BY_TYPE.get(type);
    }

    /**
     * Whether a sign-in whose token response said {@code grantedScope} (space-separated, as the
     * token endpoint answers it; null for tokens stored before scopes were kept) allows the data
     * type. Microsoft may answer with full scope URIs (https://graph.microsoft.com/Tasks.ReadWrite)
     * and in any case; both are accepted.
     */
    public static boolean grants(String grantedScope, DataType type) {
        String needed = of(type);
        if (needed == null) return false;
        return names(grantedScope == null ? BEFORE_SCOPES_WERE_KEPT : grantedScope).contains(needed.toLowerCase(Locale.ROOT));
    }

    /**
     * The scopes to ask for when refreshing tokens that were granted {@code grantedScope}: "the
     * scopes requested in this leg must be equivalent to or a subset of the scopes requested in the
     * original authorization_code request leg" (Microsoft identity platform, authorization code flow,
     * "Refresh the access token", https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
     * Asking an old sign-in for a scope it never consented to would fail the refresh, and with it
     * the data types it does allow.
     */
    static List<String> forRefresh(String grantedScope) {
        var scopes = new ArrayList<>(SIGN_IN);
        Set<String> granted = names(grantedScope == null ? BEFORE_SCOPES_WERE_KEPT : grantedScope);
        BY_TYPE.values().stream().sorted().filter(s -> granted.contains(s.toLowerCase(Locale.ROOT))).forEach(scopes::add);
        return scopes;
    }

    /**
     * A granted scope as Koppel keeps it: the names once each, sorted, space-separated. Microsoft and
     * Spring hand scopes over in no fixed order; kept in one, the same grant is the same text.
     */
    static String kept(java.util.Collection<String> granted) {
        return String.join(" ", new java.util.TreeSet<>(granted));
    }

    /** {@link #kept(java.util.Collection)} of a space-separated scope as a token response gives it. */
    static String kept(String granted) {
        return kept(Arrays.stream(granted.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    }

    private static Set<String> names(String scope) {
        return Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty())
                .map(s -> s.substring(s.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
