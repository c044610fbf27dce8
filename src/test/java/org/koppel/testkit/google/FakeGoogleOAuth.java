package org.koppel.testkit.google;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;

/**
 * Google's OAuth 2.0 endpoints for a web server app, from "Using OAuth 2.0 for Web Server Applications"
 * (https://developers.google.com/identity/protocols/oauth2/web-server) and, for PKCE, "OAuth 2.0 for iOS &amp;
 * Desktop Apps" (https://developers.google.com/identity/protocols/oauth2/native-app): the authorization endpoint
 * ({@code /o/oauth2/v2/auth}, as https://accounts.google.com/o/oauth2/v2/auth), the token endpoint ({@code /token},
 * as https://oauth2.googleapis.com/token) for authorization_code and refresh_token grants, and the revocation
 * endpoint ({@code /revoke}, as https://oauth2.googleapis.com/revoke).
 *
 * <p>No browser: the test names the signed-in user ({@link #signInAs}) and the authorization endpoint redirects
 * at once with a code, or with {@code error=access_denied} after {@link #refuseConsent}.
 */
public final class FakeGoogleOAuth {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One consent: who, for which client, which scopes; revoked as a whole. */
    private static final class Grant {
        final String user;
        final String clientId;
        final Set<String> scopes;
        volatile boolean revoked;

        Grant(String user, String clientId, Set<String> scopes) {
            this.user = user;
            this.clientId = clientId;
            this.scopes = scopes;
        }
    }

    private record Code(Grant grant, String redirectUri, String challenge, String challengeMethod, boolean offline, Instant issued,
                        String nonce) {
    }

    private record Access(Grant grant, Instant expires) {
    }

    /** What a valid bearer token grants. */
    public record Principal(String user, Set<String> scopes) {
    }

    private final String clientId;
    private final String clientSecret;
    private final Supplier<Instant> clock;
    private final FakeGoogleSettings settings;
    private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private volatile String signedIn;
    private volatile boolean refuse;
    private final java.util.List<Map<String, String>> authorizeRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger revocations = new java.util.concurrent.atomic.AtomicInteger();

    FakeGoogleOAuth(String clientId, String clientSecret, FakeGoogleSettings settings, Supplier<Instant> clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.settings = settings;
        this.clock = clock;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** "The value must exactly match one of the authorized redirect URIs for the OAuth 2.0 client" (web-server, redirect_uri). */
    public void allowRedirectUri(String uri) {
        redirectUris.add(uri);
    }

    /** The Google account that "signs in" at the authorization endpoint from now on. */
    public void signInAs(String user) {
        this.signedIn = user;
    }

    /** The user declines the consent screen: the redirect carries error=access_denied (web-server, "Handle the OAuth 2.0 server response"). */
    public void refuseConsent(boolean refuse) {
        this.refuse = refuse;
    }

    /** A bearer token for the user with the scopes, as if the whole flow had run (no refresh token). */
    public String issueAccessToken(String user, Set<String> scopes) {
        String token = "ya29.fake-" + random();
        accessTokens.put(token, new Access(new Grant(user, clientId, Set.copyOf(scopes)), clock.get().plus(settings.accessTokenLifetime())));
        return token;
    }

    /** The user removes the app's access in their Google Account: every grant of theirs is revoked. */
    public void userRevokes(String user) {
        refreshTokens.values().stream().filter(g -> g.user.equals(user)).forEach(g -> g.revoked = true);
        accessTokens.values().stream().filter(a -> a.grant().user.equals(user)).forEach(a -> a.grant().revoked = true);
    }

    /** Every access token issued so far runs out now, as after its lifetime; refresh tokens still work. */
    public void expireAccessTokens() {
        Instant now = clock.get();
        accessTokens.replaceAll((t, a) -> new Access(a.grant(), now));
    }

    /** The parameters of every authorization request that got a code, oldest first. */
    public java.util.List<Map<String, String>> authorizeRequests() {
        return java.util.List.copyOf(authorizeRequests);
    }

    /** Token endpoint requests of a grant type (authorization_code, refresh_token) with good client credentials. */
    public int tokenRequests(String grantType) {
        var n = tokenRequests.get(grantType);
        return n == null ? 0 : n.get();
    }

    /** Tokens revoked at the revocation endpoint. */
    public int revocations() {
        return revocations.get();
    }

    /** Whether the refresh token still gets access tokens (not revoked, known). */
    public boolean refreshTokenWorks(String refreshToken) {
        Grant grant = refreshToken == null ? null : refreshTokens.get(refreshToken);
        return grant != null && !grant.revoked;
    }

    /**
     * The Google account id of a user, the id token's {@code sub}: "An identifier for the user, unique among all Google
     * accounts and never reused" (https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload).
     * Digits, as Google's are; the same for the same user.
     */
    public static String subject(String user) {
        return "1" + String.format("%020d", Math.abs((long) user.hashCode()) * 7919L);
    }

    /** The user and scopes of a live access token; empty when unknown, expired or revoked. */
    public Optional<Principal> principal(String accessToken) {
        Access a = accessToken == null ? null : accessTokens.get(accessToken);
        if (a == null || a.grant().revoked || !clock.get().isBefore(a.expires())) return Optional.empty();
        return Optional.of(new Principal(a.grant().user, a.grant().scopes));
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        if (!clientId.equals(q.get("client_id"))) {
            // web-server, "Error: invalid_client": "The OAuth client was not found."
            text(exchange, 401, "Error 401: invalid_client. The OAuth client was not found.");
            return;
        }
        String redirectUri = q.get("redirect_uri");
        if (redirectUri == null || !redirectUris.contains(redirectUri)) {
            // web-server, "redirect_uri_mismatch": shown to the user, not sent to the app
            text(exchange, 400, "Error 400: redirect_uri_mismatch");
            return;
        }
        String state = q.get("state");
        String challenge = q.get("code_challenge");
        String method = q.getOrDefault("code_challenge_method", "plain");
        if (!"code".equals(q.get("response_type"))) {
            redirect(exchange, redirectUri, Map.of("error", "unsupported_response_type"), state);
        } else if (q.get("scope") == null || q.get("scope").isBlank()) {
            redirect(exchange, redirectUri, Map.of("error", "invalid_request", "error_description", "Missing required parameter: scope"), state);
        } else if (refuse) {
            // "An error response: https://oauth2.example.com/auth?error=access_denied" (web-server)
            redirect(exchange, redirectUri, Map.of("error", "access_denied"), state);
        } else if (signedIn == null) {
            text(exchange, 400, "the fake has no signed-in user: call signInAs first");
        } else {
            String code = "4/fake-" + random();
            // access_type: "Set the value to offline if your application needs to refresh access tokens when the user
            // is not present at the browser" (web-server); only then does the token endpoint give a refresh token.
            codes.put(code, new Code(new Grant(signedIn, clientId, Set.of(q.get("scope").trim().split("\\s+"))), redirectUri,
                    challenge, method, "offline".equals(q.get("access_type")), clock.get(), q.get("nonce")));
            authorizeRequests.add(q);
            redirect(exchange, redirectUri, Map.of("code", code, "scope", q.get("scope")), state);
        }
    }

    void token(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            error(exchange, 405, "invalid_request", "POST only");
            return;
        }
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        // Google's pages send client_id and client_secret in the body; RFC 6749 2.3.1 also has the server "MUST
        // support the HTTP Basic authentication scheme" for them (Spring Security's default for a confidential client)
        String[] basic = basicCredentials(exchange);
        if (basic != null) {
            f.put("client_id", basic[0]);
            f.put("client_secret", basic[1]);
        }
        if (!clientId.equals(f.get("client_id")) || !clientSecret.equals(f.get("client_secret"))) {
            error(exchange, 401, "invalid_client", "The OAuth client was not found.");
            return;
        }
        tokenRequests.computeIfAbsent(f.getOrDefault("grant_type", ""), g -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        switch (f.getOrDefault("grant_type", "")) {
            case "authorization_code" -> redeem(exchange, f);
            case "refresh_token" -> refresh(exchange, f);
            default -> error(exchange, 400, "unsupported_grant_type", "Invalid grant_type: " + f.get("grant_type"));
        }
    }

    private void redeem(HttpExchange exchange, Map<String, String> f) throws IOException {
        String value = f.get("code");
        // a code is good once (RFC 6749 4.1.2: "The client MUST NOT use the authorization code more than once")
        Code code = value == null ? null : codes.remove(value);
        if (code == null) {
            error(exchange, 400, "invalid_grant", "Malformed auth code.");
        } else if (!code.redirectUri().equals(f.get("redirect_uri"))) {
            error(exchange, 400, "redirect_uri_mismatch", "Bad Request");
        } else if (code.challenge() != null && !verifies(code, f.get("code_verifier"))) {
            // PKCE (native-app, "Exchange authorization code for refresh and access tokens": code_verifier)
            error(exchange, 400, "invalid_grant", f.get("code_verifier") == null ? "Missing code verifier." : "Invalid code verifier.");
        } else {
            var body = tokenBody(code.grant());
            // OpenID Connect: with the openid scope the answer carries an id_token (openid-connect page,
            // "Exchange code for access token and ID token")
            if (code.grant().scopes.contains("openid")) body.put("id_token", idToken(code.grant(), code.nonce()));
            if (code.offline()) {
                String refresh = "1//fake-" + random();
                refreshTokens.put(refresh, code.grant());
                body.put("refresh_token", refresh);
            }
            json(exchange, 200, body);
        }
    }

    private void refresh(HttpExchange exchange, Map<String, String> f) throws IOException {
        Grant grant = f.get("refresh_token") == null ? null : refreshTokens.get(f.get("refresh_token"));
        if (grant == null || grant.revoked) {
            // A revoked or unknown refresh token: invalid_grant (RFC 6749 5.2). The description is the one Google
            // sends, not quoted from its documents.
            error(exchange, 400, "invalid_grant", "Token has been expired or revoked.");
        } else {
            // web-server, "Refreshing an access token": the answer has access_token, expires_in, scope, token_type
            // (and no new refresh token)
            json(exchange, 200, tokenBody(grant));
        }
    }

    void revoke(HttpExchange exchange) throws IOException {
        String body = exchange.getRequestMethod().equals("POST")
                ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : "";
        Map<String, String> f = form(body);
        f.putAll(form(exchange.getRequestURI().getRawQuery()));
        String token = f.get("token");
        Grant grant = token == null ? null : refreshTokens.get(token);
        if (grant == null && token != null && accessTokens.containsKey(token)) grant = accessTokens.get(token).grant();
        if (grant == null || grant.revoked) {
            // web-server, "Revoking a token": "For error conditions, an HTTP status code 400 is returned along with
            // an error code."
            error(exchange, 400, "invalid_token", "Token expired or revoked");
            return;
        }
        // "If the token is an access token and it has a corresponding refresh token, the refresh token will also be
        // revoked." Revoking the refresh token ends the access tokens of the same grant too: one grant, one flag.
        grant.revoked = true;
        revocations.incrementAndGet();
        exchange.sendResponseHeaders(200, -1);
    }

    private LinkedHashMap<String, Object> tokenBody(Grant grant) {
        String access = "ya29.fake-" + random();
        accessTokens.put(access, new Access(grant, clock.get().plus(settings.accessTokenLifetime())));
        var body = new LinkedHashMap<String, Object>();
        body.put("access_token", access);
        body.put("expires_in", settings.accessTokenLifetime().toSeconds());
        body.put("scope", String.join(" ", grant.scopes));
        body.put("token_type", "Bearer");
        return body;
    }

    /**
     * An id token as "OpenID Connect" (https://developers.google.com/identity/openid-connect/openid-connect) describes
     * its payload: {@code iss} https://accounts.google.com, {@code azp} and {@code aud} the client id, {@code sub}, and
     * {@code email} / {@code email_verified} "only if your scope included the value email"; {@code iat}, {@code exp},
     * and the request's {@code nonce}. The signature is a placeholder: Koppel takes the token straight from the token
     * endpoint over TLS and does not check it (OpenID Connect Core 3.1.3.7, step 6).
     */
    private String idToken(Grant grant, String nonce) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", "https://accounts.google.com");
        claims.put("azp", grant.clientId);
        claims.put("aud", grant.clientId);
        claims.put("sub", subject(grant.user));
        if (grant.scopes.contains("email") || grant.scopes.contains("https://www.googleapis.com/auth/userinfo.email")) {
            claims.put("email", grant.user);
            claims.put("email_verified", true);
        }
        Instant now = clock.get();
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(3600).getEpochSecond());
        if (nonce != null) claims.put("nonce", nonce);
        var encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(GoogleResponse.JSON.writeValueAsBytes(claims)) + "." + random();
    }

    private static String[] basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    }

    private static boolean verifies(Code code, String verifier) {
        if (verifier == null) return false;
        return code.challengeMethod().equals("S256") ? code.challenge().equals(s256(verifier)) : code.challenge().equals(verifier);
    }

    /** PKCE S256 (RFC 7636, 4.2): BASE64URL(SHA256(ASCII(code_verifier))), no padding. */
    public static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange exchange, int status, String error, String description) throws IOException {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error);
        body.put("error_description", description);
        json(exchange, status, body);
    }

    private static void json(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = GoogleResponse.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void text(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void redirect(HttpExchange exchange, String redirectUri, Map<String, String> params, String state) throws IOException {
        var all = new LinkedHashMap<>(params);
        if (state != null) all.put("state", state);
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        all.forEach((k, v) -> location.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    static Map<String, String> form(String encoded) {
        var form = new LinkedHashMap<String, String>();
        if (encoded == null || encoded.isEmpty()) return form;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            form.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
