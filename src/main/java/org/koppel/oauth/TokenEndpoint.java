package org.koppel.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.koppel.connector.PeerException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The refresh_token grant (RFC 6749, section 6) at a provider's token endpoint, with its failures
 * typed for the sync runner (DESIGN.md rule 12), and token revocation (RFC 7009). Written out rather
 * than Spring's refresh client, which folds an unreachable host, a 503 with Retry-After and a refused
 * client into errors that cannot be told apart well enough for that. Tokens never reach a message or a log.
 */
@Component
public class TokenEndpoint {

    /** Who answers, in the words of the messages: "Microsoft" / "Settings, Microsoft 365". */
    public record Provider(String company, String settingsPlace) {
    }

    /**
     * A refresh's answer. {@code refreshToken} and {@code scope} are null when the answer had none
     * (Google sends no new refresh token; keep the old one).
     */
    public record Refreshed(String accessToken, String refreshToken, Instant expiresAt, String scope) {

        @Override
        public String toString() {
            return "Refreshed[expiresAt=" + expiresAt + ", scope=" + scope + "]";
        }
    }

    private final HttpClient http = TokenHttp.client();
    private final ObjectMapper json;
    private final Clock clock;

    public TokenEndpoint(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param extra   further form fields ({@code scope} for Microsoft)
     * @param account whose sign-in it is, for the messages
     */
    public Refreshed refresh(ClientRegistration app, String refreshToken, Map<String, String> extra, Provider provider,
                             String account) {
        var form = new LinkedHashMap<String, String>();
        // in the form body, as both Microsoft's and Google's token endpoints document it
        form.put("client_id", app.getClientId());
        form.put("client_secret", app.getClientSecret());
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.putAll(extra);
        HttpResponse<String> response = post(URI.create(app.getProviderDetails().getTokenUri()), form, provider);
        JsonNode body = readOrNull(response.body());
        if (response.statusCode() == 200 && body != null && body.hasNonNull("access_token")) {
            return new Refreshed(body.get("access_token").asString(),
                    body.hasNonNull("refresh_token") ? body.get("refresh_token").asString() : null,
                    clock.instant().plusSeconds(body.path("expires_in").asLong(3600)),
                    body.hasNonNull("scope") ? body.get("scope").asString() : null);
        }
        throw failure(response, body, provider, account);
    }

    /**
     * Revokes a token at {@code uri} (RFC 7009; Google: "Revoking a token",
     * https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke). True when the
     * provider confirmed it, or said the token was dead already (400 invalid_token); false otherwise.
     * Never throws for an answer: a revocation is best effort.
     */
    public boolean revoke(URI uri, String token, Provider provider) {
        try {
            HttpResponse<String> response = post(uri, Map.of("token", token), provider);
            if (response.statusCode() == 200) return true;
            JsonNode body = readOrNull(response.body());
            return response.statusCode() == 400 && body != null && "invalid_token".equals(body.path("error").asString(""));
        } catch (PeerException.Transient e) {
            return false;
        }
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form, Provider provider) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(uri).timeout(TokenHttp.READ_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PeerException.Transient("the " + provider.company() + " sign-in service (" + uri.getHost()
                    + ") could not be reached: " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException.Transient("interrupted while refreshing the " + provider.company() + " sign-in", null, e);
        }
    }

    private PeerException failure(HttpResponse<String> response, JsonNode body, Provider provider, String account) {
        int status = response.statusCode();
        String company = provider.company();
        String error = body == null ? "" : body.path("error").asString("");
        String said = body == null ? "HTTP " + status : firstLine(body.path("error_description").asString(error));
        if (said.endsWith(".")) said = said.substring(0, said.length() - 1);
        if (status == 429 || status >= 500 || error.equals("temporarily_unavailable")) {
            return new PeerException.Transient("the " + company + " sign-in service is not available right now (" + said + ")",
                    retryAfter(response), null);
        }
        return switch (error) {
            // revoked, expired, password changed, or a new MFA or consent step: only the owner can fix it
            case "invalid_grant", "interaction_required", "consent_required" -> new PeerException.AuthExpired(
                    company + " no longer accepts Koppel's sign-in for " + account + " (" + said + "). This happens when the "
                            + "access was revoked, the password changed or the sign-in went unused for a long time", null);
            // the app's secret expired or was replaced: an admin's task, and every account is affected alike
            case "invalid_client", "unauthorized_client" -> new PeerException.Configuration(
                    company + " refuses Koppel's app (" + said + "); an admin must check the client id and secret under "
                            + provider.settingsPlace(), null);
            default -> new PeerException.Configuration(company + " refused to refresh the sign-in of " + account + " (" + said + ")", null);
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
