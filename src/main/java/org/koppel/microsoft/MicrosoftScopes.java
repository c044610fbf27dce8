package org.koppel.microsoft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.sync.DataType;

/**
 * The permissions Koppel asks Microsoft for, in one place: the sign-in basics and one Graph permission
 * per data type a microsoft365 connection syncs. A data type added later adds one row to
 * {@link #PER_TYPE}; sign-ins made before it lack that permission, which {@link #lacks} tells.
 * Permission names from "Microsoft Graph permissions reference" (https://learn.microsoft.com/graph/permissions-reference).
 */
public final class MicrosoftScopes {

    /**
     * {@code profile} because the id token carries {@code preferred_username} (the account shown on
     * the connection) and {@code oid} only with it; {@code offline_access} for a refresh token, as
     * Koppel syncs when nobody is signed in.
     */
    static final List<String> SIGN_IN = List.of("openid", "profile", "offline_access");

    /** The delegated Graph permission each data type needs. */
    public static final Map<DataType, String> PER_TYPE = new EnumMap<>(Map.of(
            DataType.CONTACTS, "Contacts.ReadWrite",
            DataType.APPOINTMENTS, "Calendars.ReadWrite"));

    /**
     * What sign-ins asked before scopes were recorded with the tokens (only contacts then): a refresh
     * of such tokens must not ask for more, as "the scopes requested in this leg must be equivalent to
     * or a subset of the scopes requested in the original authorization_code request leg"
     * (Microsoft identity platform, authorization code flow, refresh the access token:
     * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token).
     */
    static final List<String> BEFORE_RECORDED = List.of("openid", "profile", "offline_access", "Contacts.ReadWrite");

    private MicrosoftScopes() {
    }

    /** What the Connect Microsoft 365 button asks for. */
    public static List<String> all() {
        var scopes = new ArrayList<>(SIGN_IN);
        scopes.addAll(PER_TYPE.values());
        return List.copyOf(scopes);
    }

    /**
     * What a refresh of these tokens asks for: what they were granted (with the sign-in basics), or
     * what sign-ins asked before grants were recorded.
     */
    static List<String> forRefresh(MicrosoftTokens tokens) {
        if (tokens.scope() == null || tokens.scope().isBlank()) return BEFORE_RECORDED;
        var scopes = new LinkedHashSet<>(SIGN_IN);
        for (String s : tokens.scope().strip().split("\\s+")) if (!s.isBlank()) scopes.add(s);
        return List.copyOf(scopes);
    }

    /**
     * Whether tokens granted {@code granted} (a token response's space-separated {@code scope}; null
     * for sign-ins from before Koppel recorded it, which asked for contacts only) lack the permission
     * of {@code type}. Graph may name a permission with its resource ({@code https://graph.microsoft.com/Calendars.ReadWrite});
     * names compare without case.
     */
    public static boolean lacks(String granted, DataType type) {
        String needed = PER_TYPE.get(type);
        if (needed == null) return false;
        Collection<String> have = granted == null ? BEFORE_RECORDED : Set.of(granted.strip().split("\\s+"));
        String want = needed.toLowerCase(Locale.ROOT);
        return have.stream().map(s -> s.substring(s.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT)).noneMatch(want::equals);
    }
}
