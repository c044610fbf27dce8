package org.koppel.google;

import java.time.Instant;

import org.koppel.oauth.RefreshingTokens;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * A google connection's secret: its tokens as JSON, encrypted like every connection secret.
 * {@code subject} is the Google account's id (the id token's {@code sub}: "unique among all Google
 * accounts and never reused", where the e-mail address can change), against which signing in again is
 * checked. {@code scope} is what the token endpoint said it granted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GoogleTokens(String accessToken, String refreshToken, Instant expiresAt, String subject, String scope)
        implements RefreshingTokens.Held {

    public static GoogleTokens parse(String secret, ObjectMapper json) {
        if (secret == null || secret.isBlank()) throw new IllegalArgumentException("no Google tokens stored");
        try {
            GoogleTokens tokens = json.readValue(secret, GoogleTokens.class);
            if (tokens.refreshToken() == null || tokens.accessToken() == null || tokens.expiresAt() == null) {
                throw new IllegalArgumentException("the stored Google tokens are incomplete");
            }
            return tokens;
        } catch (JacksonException e) {
            // the message could quote the secret: not passed on
            throw new IllegalArgumentException("the stored secret is not a set of Google tokens");
        }
    }

    public String toJson(ObjectMapper json) {
        return json.writeValueAsString(this);
    }

    @Override
    public String toString() {
        return "GoogleTokens[expiresAt=" + expiresAt + ", subject=" + subject + ", scope=" + scope + "]";
    }
}
