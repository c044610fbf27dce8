package org.koppel.oauth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The claims of an id token: who signed in. The signature is not checked: OpenID Connect Core 1.0,
 * section 3.1.3.7 (step 6), lets a client rely on TLS server validation instead when it received
 * the token directly from the token endpoint, which is the only place Koppel takes it from. The
 * audience, expiry and nonce are checked ({@link #check}, steps 3, 9 and 11).
 */
public final class IdToken {

    /** Clocks of the provider and Koppel may differ a little. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final JsonNode claims;

    private IdToken(JsonNode claims) {
        this.claims = claims;
    }

    /** @throws IllegalArgumentException with a message for a person, when there is none or it cannot be read */
    public static IdToken decode(String jwt, ObjectMapper json, String company) {
        if (jwt == null) throw new IllegalArgumentException(company + " sent no id token (was the openid scope granted?)");
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) throw new IllegalArgumentException("the id token is not a JWT");
        JsonNode claims;
        try {
            claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the id token cannot be read");
        }
        if (claims == null || !claims.isObject()) throw new IllegalArgumentException("the id token cannot be read");
        return new IdToken(claims);
    }

    /** A string claim, stripped; null when absent or blank. */
    public String text(String name) {
        JsonNode value = claims.get(name);
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString().strip();
    }

    /** A boolean claim (Google's {@code email_verified}); false when absent. */
    public boolean flag(String name) {
        JsonNode value = claims.get(name);
        return value != null && (value.isBoolean() ? value.asBoolean() : "true".equals(value.asString("")));
    }

    public String audience() {
        JsonNode aud = claims.get("aud");
        if (aud != null && aud.isArray() && aud.size() == 1) return aud.get(0).asString();
        return aud == null || !aud.isString() ? null : aud.asString();
    }

    public Instant expiresAt() {
        JsonNode exp = claims.get("exp");
        return exp == null || !exp.isNumber() ? null : Instant.ofEpochSecond(exp.asLong());
    }

    /**
     * OpenID Connect Core 1.0, 3.1.3.7: the audience is this client (3), not expired (9), the nonce
     * ours (11). Problems become OAuth2 errors, which Spring's code-grant filter turns into an error
     * on the callback page.
     */
    public void check(String clientId, String sentNonce, Clock clock) {
        if (!clientId.equals(audience())) throw refused("the id token was issued to another app");
        if (expiresAt() == null || expiresAt().isBefore(clock.instant().minus(SKEW))) throw refused("the id token has expired");
        if (sentNonce != null && !sentNonce.equals(text("nonce"))) throw refused("the id token belongs to another sign-in");
    }

    public static OAuth2AuthorizationException refused(String description) {
        return new OAuth2AuthorizationException(new OAuth2Error("invalid_id_token", description, null));
    }
}
