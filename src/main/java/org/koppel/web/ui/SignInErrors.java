package org.koppel.web.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft's sign-in errors in words an employee understands. Microsoft's own description is not
 * shown: it arrives in the address, so anyone could put any text there; only its AADSTS code is,
 * which an admin can look up.
 */
final class SignInErrors {

    static final String STRAY_ANSWER = "This answer from Microsoft does not belong to a sign-in started in this browser, "
            + "or it was used already or has expired. Nothing was connected. Start again with Connect Microsoft 365.";

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{4,8}");

    private SignInErrors() {
    }

    static String explain(String error) {
        return switch (error) {
            case "access_denied" -> "You did not give Koppel access to your Microsoft 365 contacts, so nothing was "
                    + "connected. To connect, press Connect Microsoft 365 again and accept. If Microsoft says your "
                    + "organisation must approve the app first, ask your Microsoft 365 administrator.";
            case "consent_required", "interaction_required", "login_required" -> "Microsoft needs you to sign in or "
                    + "approve access once more. Nothing was connected. Press Connect Microsoft 365 again.";
            case "invalid_client", "unauthorized_client", "invalid_scope", "invalid_resource" -> "Microsoft does not "
                    + "accept Koppel's app settings, so nothing was connected. Ask your Koppel admin to check the Microsoft "
                    + "365 app under Sync settings.";
            case "invalid_grant" -> "Microsoft did not finish the sign-in: its answer had expired or was used already. "
                    + "Nothing was connected. Press Connect Microsoft 365 again.";
            case "server_error", "temporarily_unavailable", "invalid_token_response" -> "Koppel could not finish the sign-in "
                    + "with Microsoft just now. Nothing was connected. Try again in a few minutes.";
            case "invalid_id_token" -> "Microsoft's answer did not say clearly which account signed in, so Koppel did not "
                    + "connect it. Try again; if it keeps happening, tell your admin.";
            default -> "The sign-in at Microsoft did not succeed, so nothing was connected. Try again; if it keeps "
                    + "happening, tell your admin.";
        };
    }

    /** The AADSTS code in Microsoft's description, if any. */
    static String code(String description) {
        if (description == null) return null;
        Matcher m = AADSTS.matcher(description);
        return m.find() ? m.group() : null;
    }
}
