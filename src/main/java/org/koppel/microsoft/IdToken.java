package org.koppel.microsoft;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The claims Koppel reads from an id token: who signed in. The signature is not checked: OpenID
 * Connect Core 1.0, section 3.1.3.7 (step 6), lets a client rely on TLS server validation instead
 * when it received the token directly from the token endpoint, which is the only place Koppel
 * takes it from. The audience and nonce are still checked by the caller (steps 3 and 11).
 */
record IdToken(String account, String userId, String audience, String nonce, Instant expiresAt) {

    static IdToken decode(String jwt, ObjectMapper json) {
        if (jwt == null) throw new IllegalArgumentException("Microsoft sent no id token (was the openid scope granted?)");
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) throw new IllegalArgumentException("the id token is not a JWT");
        JsonNode claims;
        try {
            claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the id token cannot be read");
        }
        // v2.0 tokens name the user in preferred_username (with the profile scope); email and upn are fallbacks
        String account = text(claims, "preferred_username");
        if (account == null) account = text(claims, "email");
        if (account == null) account = text(claims, "upn");
        JsonNode exp = claims.get("exp");
        return new IdToken(account, text(claims, "oid"), audience(claims), text(claims, "nonce"),
                exp == null || !exp.isNumber() ? null : Instant.ofEpochSecond(exp.asLong()));
    }

    private static String audience(JsonNode claims) {
        JsonNode aud = claims.get("aud");
        if (aud != null && aud.isArray() && aud.size() == 1) return aud.get(0).asString();
        return aud == null || !aud.isString() ? null : aud.asString();
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString().strip();
    }
}
