package org.koppel.web.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * A provider's sign-in errors (RFC 6749, 4.1.2.1, and the code-grant filter's own) in words an
 * employee understands, in their language (shell.signIn.* messages). The provider's own description
 * is not shown: it arrives in the address, so anyone could put any text there; only Microsoft's
 * AADSTS code is, which an admin can look up.
 */
@Component
class SignInErrors {

    /** How a provider is named in the messages; {@code key} picks its own sentences (shell.signIn.*.key). */
    record Provider(String company, String service, String key) {
    }

    static final Provider MICROSOFT = new Provider("Microsoft", "Microsoft 365", "microsoft");
    static final Provider GOOGLE = new Provider("Google", "Google", "google");

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{4,8}");

    private final MessageSource messages;

    SignInErrors(MessageSource messages) {
        this.messages = messages;
    }

    /** An answer that belongs to no sign-in this browser started (or one used or expired). */
    String stray(Provider p) {
        return text("shell.signIn.stray", p);
    }

    String explain(String error, Provider p) {
        return switch (error) {
            case "access_denied" -> text("shell.signIn.access_denied", p) + " " + text("shell.signIn.refused." + p.key(), p);
            case "consent_required", "interaction_required", "login_required" ->
                    text("shell.signIn.consent_required", p) + " " + again(p);
            case "invalid_client", "unauthorized_client", "invalid_scope", "invalid_resource" ->
                    text("shell.signIn.invalid_client", p);
            case "invalid_grant" -> text("shell.signIn.invalid_grant", p) + " " + again(p);
            case "server_error", "temporarily_unavailable", "invalid_token_response" -> text("shell.signIn.server_error", p);
            case "invalid_id_token" -> text("shell.signIn.invalid_id_token", p);
            default -> text("shell.signIn.other", p);
        };
    }

    private String again(Provider p) {
        return messages.getMessage("shell.signIn.again", new Object[] {p.service()}, LocaleContextHolder.getLocale());
    }

    private String text(String key, Provider p) {
        String app = messages.getMessage("shell.signIn.app." + p.key(), null, LocaleContextHolder.getLocale());
        return messages.getMessage(key, new Object[] {p.company(), p.service(), app}, LocaleContextHolder.getLocale());
    }

    /** The AADSTS code in Microsoft's description, if any. */
    static String code(String description) {
        if (description == null) return null;
        Matcher m = AADSTS.matcher(description);
        return m.find() ? m.group() : null;
    }
}
