package org.koppel.microsoft;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * A microsoft365 connection's secret: its tokens as JSON, encrypted like every connection secret.
 * {@code userId} is the account's object id (the id token's {@code oid}), which, unlike the user
 * name, never changes: signing in again is checked against it. {@code scope} is what the token endpoint
 * said it granted (its {@code scope} field, space-separated), so a data type whose Graph permission the
 * sign-in lacks can ask for a new sign-in ({@link MicrosoftScopes#grants}); null for tokens stored
 * before it was kept.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MicrosoftTokens(String accessToken, String refreshToken, Instant expiresAt, String userId, String scope)
        implements org.koppel.oauth.RefreshingTokens.Held {

    /** Tokens whose granted scope is not known (stored before it was kept): see {@link MicrosoftScopes#grants}. */
    public MicrosoftTokens(String accessToken, String refreshToken, Instant expiresAt, String userId) {
        this(accessToken, refreshToken, expiresAt, userId, null);
    }

    public static MicrosoftTokens parse(String secret, ObjectMapper json) {
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("no Microsoft tokens stored");
        try {
            MicrosoftTokens tokens = json.readValue(secret, MicrosoftTokens.class);
            if (tokens.refreshToken() == null || tokens.accessToken() == null || tokens.expiresAt() == null) {
                throw new IllegalArgumentException("the stored Microsoft tokens are incomplete");
            }
            return tokens;
        } catch (JacksonException e) {
            // the message could quote the secret: not passed on
            throw new IllegalArgumentException("the stored secret is not a set of Microsoft tokens");
        }
    }

    public String toJson(ObjectMapper json) {
        return json.writeValueAsString(this);
    }

    /** Expires within {@code margin} of {@code now}, so it would not last a request or two. */
    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return !expiresAt.isAfter(now.plus(margin));
    }

    @Override
    public String toString() {
        return "MicrosoftTokens[expiresAt=" + expiresAt + ", userId=" + userId + ", scope=" + scope + "]";
    }
}
