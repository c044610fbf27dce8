package org.koppel.web.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's sign-in errors (RFC 6749, 4.1.2.1, and the code-grant filter's own) as message keys
 * (sync.signIn.*) in words an employee understands; each key takes the company ({0}) and the service
 * ({1}). The provider's own description is not shown: it arrives in the address, so anyone could put any
 * text there; only Microsoft's AADSTS code is, which an admin can look up.
 */
final class SignInErrors {

    /** How a provider is named in the messages; {@code id} picks its own sentences (sync.signIn.*.microsoft). */
    record Provider(String id, String company, String service) {
    }

    static final Provider MICROSOFT = new Provider("microsoft", "Microsoft", "Microsoft 365");
    static final Provider GOOGLE = new Provider("google", "Google", "Google");

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{4,8}");

    private SignInErrors() {
    }

    static final String STRAY = "sync.signIn.stray";

    /** The message key of an error code; {@code sync.signIn.accessDenied} has a sentence per provider on top ({@link #refusedToo}). */
    static String explain(String error) {
        return switch (error) {
            case "access_denied" -> "sync.signIn.accessDenied";
            case "consent_required", "interaction_required", "login_required" -> "sync.signIn.again";
            case "invalid_client", "unauthorized_client", "invalid_scope", "invalid_resource" -> "sync.signIn.appSettings";
            case "invalid_grant" -> "sync.signIn.expired";
            case "server_error", "temporarily_unavailable", "invalid_token_response" -> "sync.signIn.unavailable";
            case "invalid_id_token" -> "sync.signIn.unclearAccount";
            default -> "sync.signIn.failed";
        };
    }

    /** What a refusal of consent may also mean at this provider (an organisation that must approve the app). */
    static String refusedToo(String key, Provider p) {
        return key.equals("sync.signIn.accessDenied") ? "sync.signIn.accessDenied." + p.id() : null;
    }

    /** The AADSTS code in Microsoft's description, if any. */
    static String code(String description) {
        if (description == null) return null;
        Matcher m = AADSTS.matcher(description);
        return m.find() ? m.group() : null;
    }
}
