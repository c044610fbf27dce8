package org.koppel.microsoft;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.koppel.connector.PeerException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The refresh_token grant at Microsoft's token endpoint, with its failures typed for the sync
 * runner (DESIGN.md rule 12). Written out rather than Spring's refresh client, which folds an
 * unreachable host, a 503 with Retry-After and a refused client into errors that cannot be told
 * apart well enough for that. Tokens never reach a message or a log.
 */
@Component
class TokenEndpoint {

    private final HttpClient http = TokenHttp.client();
    private final ObjectMapper json;
    private final Clock clock;

    TokenEndpoint(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    MicrosoftTokens refresh(ClientRegistration app, MicrosoftTokens tokens, String account) {
        var form = new LinkedHashMap<String, String>();
        form.put("client_id", app.getClientId());
        form.put("client_secret", app.getClientSecret());
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens.refreshToken());
        form.put("scope", String.join(" ", MicrosoftScopes.forRefresh(tokens.scope())));
        HttpResponse<String> response = post(URI.create(app.getProviderDetails().getTokenUri()), form);
        JsonNode body = readOrNull(response.body());
        if (response.statusCode() == 200 && body != null && body.hasNonNull("access_token")) {
            return new MicrosoftTokens(body.get("access_token").asString(),
                    // Microsoft sends a new refresh token each time; keep the old one should it not
                    body.hasNonNull("refresh_token") ? body.get("refresh_token").asString() : tokens.refreshToken(),
                    clock.instant().plusSeconds(body.path("expires_in").asLong(3600)), tokens.userId(),
                    // what this refresh granted; an answer without it keeps what the sign-in granted
                    body.hasNonNull("scope") ? MicrosoftScopes.kept(body.get("scope").asString()) : tokens.scope());
        }
        throw failure(response, body, account);
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(uri).timeout(TokenHttp.READ_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PeerException.Transient("the Microsoft sign-in service (" + uri.getHost() + ") could not be reached: "
                    + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException.Transient("interrupted while refreshing the Microsoft sign-in", null, e);
        }
    }

    private PeerException failure(HttpResponse<String> response, JsonNode body, String account) {
        int status = response.statusCode();
        String error = body == null ? "" : body.path("error").asString("");
        String said = body == null ? "HTTP " + status : firstLine(body.path("error_description").asString(error));
        if (said.endsWith(".")) said = said.substring(0, said.length() - 1);
        if (status == 429 || status >= 500 || error.equals("temporarily_unavailable")) {
            return new PeerException.Transient("the Microsoft sign-in service is not available right now (" + said + ")",
                    retryAfter(response), null);
        }
        return switch (error) {
            // revoked, expired, password changed, or a new MFA or consent step: only the owner can fix it
            case "invalid_grant", "interaction_required", "consent_required" -> new PeerException.AuthExpired(
                    "Microsoft no longer accepts Koppel's sign-in for " + account + " (" + said + "). This happens when the "
                            + "access was revoked, the password changed or the sign-in went unused for a long time", null);
            // the app's secret expired or was replaced: an admin's task, and every mailbox is affected alike
            case "invalid_client", "unauthorized_client" -> new PeerException.Configuration(
                    "Microsoft refuses Koppel's app (" + said + "); an admin must check the client id and secret under "
                            + "Settings, Microsoft 365", null);
            default -> new PeerException.Configuration("Microsoft refused to refresh the sign-in of " + account + " (" + said + ")", null);
        };
    }

    private JsonNode readOrNull(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Microsoft's descriptions end in trace and correlation ids and a time stamp after the first line. */
    static String firstLine(String description) {
        String line = description.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }
}
