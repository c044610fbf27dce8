package org.koppel.web.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's sign-in errors (RFC 6749, 4.1.2.1, and the code-grant filter's own) in words an
 * employee understands. The provider's own description is not shown: it arrives in the address, so
 * anyone could put any text there; only Microsoft's AADSTS code is, which an admin can look up.
 */
final class SignInErrors {

    /** How a provider is named in the messages, and what its refusal of consent may also mean. */
    record Provider(String company, String service, String app, String refusedToo) {
    }

    static final Provider MICROSOFT = new Provider("Microsoft", "Microsoft 365", "Microsoft 365 app",
            " If Microsoft says your organisation must approve the app first, ask your Microsoft 365 administrator.");
    static final Provider GOOGLE = new Provider("Google", "Google", "Google app",
            " If Google says the app is not verified or your organisation blocks it, ask your Koppel admin.");

    static final String STRAY_ANSWER = stray(MICROSOFT);

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{4,8}");

    private SignInErrors() {
    }

    static String stray(Provider p) {
        return "This answer from " + p.company() + " does not belong to a sign-in started in this browser, "
                + "or it was used already or has expired. Nothing was connected. Start again with Connect " + p.service() + ".";
    }

    static String explain(String error) {
        return explain(error, MICROSOFT);
    }

    static String explain(String error, Provider p) {
        String company = p.company();
        String again = "Press Connect " + p.service() + " again.";
        return switch (error) {
            case "access_denied" -> "You did not give Koppel access to your " + p.service() + " contacts, so nothing was "
                    + "connected. To connect, press Connect " + p.service() + " again and accept." + p.refusedToo();
            case "consent_required", "interaction_required", "login_required" -> company + " needs you to sign in or "
                    + "approve access once more. Nothing was connected. " + again;
            case "invalid_client", "unauthorized_client", "invalid_scope", "invalid_resource" -> company + " does not "
                    + "accept Koppel's app settings, so nothing was connected. Ask your Koppel admin to check the " + p.app()
                    + " under Sync settings.";
            case "invalid_grant" -> company + " did not finish the sign-in: its answer had expired or was used already. "
                    + "Nothing was connected. " + again;
            case "server_error", "temporarily_unavailable", "invalid_token_response" -> "Koppel could not finish the sign-in "
                    + "with " + company + " just now. Nothing was connected. Try again in a few minutes.";
            case "invalid_id_token" -> company + "'s answer did not say clearly which account signed in, so Koppel did not "
                    + "connect it. Try again; if it keeps happening, tell your admin.";
            default -> "The sign-in at " + company + " did not succeed, so nothing was connected. Try again; if it keeps "
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
