package org.koppel.testkit.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Microsoft identity platform's v2.0 authorize and token endpoints, written from Microsoft's
 * protocol documents ("Microsoft identity platform and OAuth 2.0 authorization code flow", "ID
 * token claims reference") for one confidential web app: a real HTTP server on a free loopback
 * port. The authorize endpoint "signs in" the configured test user at once (or lets them refuse);
 * the token endpoint checks what Microsoft checks, errors included, with AADSTS texts.
 *
 * <p>Stricter than Microsoft in two ways, so that mistakes show: PKCE (S256) is required, and a
 * refresh token stops working once it was used (Microsoft only asks clients to discard it).
 * A failed PKCE check leaves the code unused, so a test can show that the code alone is useless.
 */
public final class FakeMicrosoftIdentity implements AutoCloseable {

    /** The tenant every test user lives in; any {tenant} path segment is accepted. */
    public static final String TENANT_ID = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private static final Pattern AUTHORIZE = Pattern.compile("/([^/]+)/oauth2/v2\\.0/authorize");
    private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record User(String username, String objectId) {
    }

    private record Code(String clientId, String redirectUri, String challenge, User user, Set<String> scopes, String nonce,
                        Instant issuedAt) {
    }

    /** {@code epoch}: the user's revocation count when they signed in; a later revocation ends the grant. */
    private record Grant(User user, String clientId, Set<String> scopes, int epoch) {
    }

    private record Access(Grant grant, Instant expiresAt) {
    }

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Set<String> redirectUris = new CopyOnWriteArraySet<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> rotatedRefreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Integer> revocations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private volatile User signedIn;
    private volatile boolean refuse;
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile Set<String> grantable;

    private FakeMicrosoftIdentity(HttpServer server, String clientId, String clientSecret) {
        this.server = server;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** Serves one registered confidential app; add its redirect URIs with {@link #allowRedirectUri}. */
    public static FakeMicrosoftIdentity start(String clientId, String clientSecret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var fake = new FakeMicrosoftIdentity(server, clientId, clientSecret);
            server.createContext("/", fake::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Microsoft identity platform: " + e, e);
        }
    }

    // ------------------------------------------------------------------ test hooks

    /** The authority base URL, as Koppel's setting takes it: http://127.0.0.1:port */
    public String authority() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A redirect URI registered for the app; others are refused as Microsoft refuses them (AADSTS50011). */
    public FakeMicrosoftIdentity allowRedirectUri(String redirectUri) {
        redirectUris.add(redirectUri);
        return this;
    }

    /** The user the authorize endpoint signs in from now on (a user name such as anna@contoso.example). */
    public FakeMicrosoftIdentity signInAs(String username) {
        this.signedIn = user(username);
        this.refuse = false;
        return this;
    }

    /** The next sign-ins end with the user declining consent: error=access_denied. */
    public FakeMicrosoftIdentity refuseConsent() {
        this.refuse = true;
        return this;
    }

    /**
     * Sign-ins from now on are granted only these of the scopes they ask for (null: all), as the
     * grants of an older Koppel that asked for fewer: tokens for such a sign-in lack the rest.
     */
    public FakeMicrosoftIdentity grantOnly(Set<String> scopes) {
        this.grantable = scopes;
        return this;
    }

    /** expires_in of access tokens issued from now on. */
    public FakeMicrosoftIdentity accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /**
     * An admin revoked the user's sessions (or the password changed): their refresh and access tokens
     * stop working. Signing in afterwards gives a new grant that works.
     */
    public void revokeGrants(String username) {
        revocations.merge(username, 1, Integer::sum);
    }

    /** Every access token issued so far expires now; refresh tokens stay good. */
    public void expireAccessTokensNow() {
        accessTokens.replaceAll((token, access) -> new Access(access.grant(), Instant.now().minusSeconds(1)));
    }

    /** The next {@code times} token requests answer {@code status} (503, 429: with Retry-After: 7). */
    public void failNextTokenRequests(int status, int times) {
        for (int i = 0; i < times; i++) failures.add(status);
    }

    public int tokenRequests() {
        return tokenRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Token requests of one grant type: authorization_code or refresh_token. */
    public int tokenRequests(String grantType) {
        AtomicInteger count = tokenRequests.get(grantType);
        return count == null ? 0 : count.get();
    }

    /** For the Graph fake: whose mailbox a bearer token opens, if it is valid now. */
    public Optional<String> mailboxFor(String accessToken) {
        Access access = accessToken == null ? null : accessTokens.get(accessToken);
        if (access == null || !access.expiresAt().isAfter(Instant.now()) || revoked(access.grant())) {
            return Optional.empty();
        }
        return Optional.of(access.grant().user().username());
    }

    /** For the Graph fake: the permissions a valid bearer token was granted (as asked, less what {@link #grantOnly} withheld). */
    public Optional<Set<String>> scopesFor(String accessToken) {
        return mailboxFor(accessToken).map(mailbox -> accessTokens.get(accessToken).grant().scopes());
    }

    /** The user's object id (oid claim), stable across sign-ins. */
    public String objectId(String username) {
        return user(username).objectId();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher authorize = AUTHORIZE.matcher(path);
            Matcher token = TOKEN.matcher(path);
            if (authorize.matches() && exchange.getRequestMethod().equals("GET")) {
                authorize(exchange, form(exchange.getRequestURI().getRawQuery()));
            } else if (token.matches() && exchange.getRequestMethod().equals("POST")) {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                token(exchange, form(body));
            } else {
                send(exchange, 404, "text/plain", "not a Microsoft identity platform endpoint: " + path);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", "fake failed: " + e);
        }
    }

    /** Invalid client or redirect URI: Microsoft shows an error page and never redirects (it cannot trust the URI). */
    private void authorize(HttpExchange exchange, Map<String, String> q) throws IOException {
        if (!clientId.equals(q.get("client_id"))) {
            send(exchange, 400, "text/plain", "AADSTS700016: Application with identifier '" + q.get("client_id")
                    + "' was not found in the directory.");
            return;
        }
        String redirectUri = q.get("redirect_uri");
        if (redirectUri == null || !redirectUris.contains(redirectUri)) {
            send(exchange, 400, "text/plain", "AADSTS50011: The redirect URI '" + redirectUri + "' specified in the request "
                    + "does not match the redirect URIs configured for the application.");
            return;
        }
        String state = q.get("state");
        if (!"code".equals(q.get("response_type"))) {
            redirect(exchange, redirectUri, Map.of("error", "unsupported_response_type", "error_description",
                    "AADSTS70005: The provided value for the input parameter 'response_type' is not allowed for this request."), state);
        } else if (state == null || state.isBlank()) {
            redirect(exchange, redirectUri, Map.of("error", "invalid_request", "error_description",
                    "AADSTS900144: The request body must contain the following parameter: 'state'."), null);
        } else if (q.get("code_challenge") == null || !"S256".equals(q.get("code_challenge_method"))) {
            redirect(exchange, redirectUri, Map.of("error", "invalid_request", "error_description",
                    "AADSTS9002325: Proof Key for Code Exchange is required (code_challenge with code_challenge_method S256)."), state);
        } else if (refuse) {
            redirect(exchange, redirectUri, Map.of("error", "access_denied", "error_description",
                    "AADSTS65004: User declined to consent to access the app."), state);
        } else if (signedIn == null) {
            send(exchange, 400, "text/plain", "the fake has no test user to sign in: call signInAs first");
        } else {
            String code = "fake-code." + random();
            Set<String> asked = scopes(q.get("scope"));
            Set<String> limit = grantable;
            Set<String> granted = limit == null ? asked : Set.copyOf(asked.stream().filter(limit::contains).toList());
            codes.put(code, new Code(clientId, redirectUri, q.get("code_challenge"), signedIn, granted,
                    q.get("nonce"), Instant.now()));
            redirect(exchange, redirectUri, Map.of("code", code), state);
        }
    }

    private void token(HttpExchange exchange, Map<String, String> f) throws IOException {
        String grantType = f.getOrDefault("grant_type", "");
        tokenRequests.computeIfAbsent(grantType, k -> new AtomicInteger()).incrementAndGet();
        Integer failure = failures.poll();
        if (failure != null) {
            exchange.getResponseHeaders().add("Retry-After", "7");
            error(exchange, failure, "temporarily_unavailable", 0, "The server is temporarily unavailable.");
            return;
        }
        String[] basic = basicCredentials(exchange);
        String id = basic != null ? basic[0] : f.get("client_id");
        String secret = basic != null ? basic[1] : f.get("client_secret");
        if (!clientId.equals(id)) {
            error(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + id + "' was not found in the directory.");
        } else if (!clientSecret.equals(secret)) {
            error(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in "
                    + "the request is the client secret value, not the client secret ID.");
        } else if (grantType.equals("authorization_code")) {
            redeemCode(exchange, f);
        } else if (grantType.equals("refresh_token")) {
            refresh(exchange, f);
        } else {
            error(exchange, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grantType + "'.");
        }
    }

    private void redeemCode(HttpExchange exchange, Map<String, String> f) throws IOException {
        String value = f.get("code");
        Code code = value == null ? null : codes.get(value);
        if (code == null) {
            error(exchange, 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
        } else if (usedCodes.contains(value)) {
            error(exchange, 400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with "
                    + "a new valid code or use an existing refresh token.");
        } else if (code.issuedAt().plus(CODE_LIFETIME).isBefore(Instant.now())) {
            error(exchange, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due "
                    + "to inactivity.");
        } else if (!code.redirectUri().equals(f.get("redirect_uri"))) {
            error(exchange, 400, "invalid_grant", 500112, "The reply address '" + f.get("redirect_uri") + "' does not match "
                    + "the reply address '" + code.redirectUri() + "' provided when requesting Authorization code.");
        } else if (f.get("code_verifier") == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'code_verifier'.");
        } else if (!code.challenge().equals(s256(f.get("code_verifier")))) {
            error(exchange, 400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in "
                    + "the authorization request.");
        } else if (!usedCodes.add(value)) {
            error(exchange, 400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed.");
        } else {
            issue(exchange, new Grant(code.user(), code.clientId(), code.scopes(),
                    revocations.getOrDefault(code.user().username(), 0)), code.nonce());
        }
    }

    private void refresh(HttpExchange exchange, Map<String, String> f) throws IOException {
        String value = f.get("refresh_token");
        Grant grant = value == null ? null : refreshTokens.get(value);
        if (value != null && rotatedRefreshTokens.contains(value)) {
            error(exchange, 400, "invalid_grant", 70000, "The provided value for the input parameter 'refresh_token' is not "
                    + "valid: it was replaced by a newer one.");
        } else if (grant == null) {
            error(exchange, 400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
        } else if (revoked(grant)) {
            error(exchange, 400, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh "
                    + "auth token is needed. The user might have changed or reset their password.");
        } else if (!grant.clientId().equals(f.get("client_id"))) {
            error(exchange, 400, "invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant.");
        } else if (!grant.scopes().containsAll(scopes(f.get("scope")))) {
            // "The scopes requested in this leg must be equivalent to or a subset of the scopes requested in the
            // original authorization_code request leg" (authorization code flow, "Refresh the access token")
            error(exchange, 400, "invalid_grant", 65001, "The user or administrator has not consented to use the application "
                    + "with ID '" + grant.clientId() + "'. Send an interactive authorization request for this user and resource.");
        } else {
            refreshTokens.remove(value);
            rotatedRefreshTokens.add(value);
            issue(exchange, grant, null);
        }
    }

    private void issue(HttpExchange exchange, Grant grant, String nonce) throws IOException {
        String access = "fake-at." + random();
        String refresh = "fake-rt." + random();
        Instant now = Instant.now();
        accessTokens.put(access, new Access(grant, now.plus(accessTokenLifetime)));
        var body = new LinkedHashMap<String, Object>();
        body.put("token_type", "Bearer");
        body.put("scope", String.join(" ", grant.scopes().stream().filter(s -> !Set.of("openid", "profile", "email",
                "offline_access").contains(s)).toList()));
        body.put("expires_in", accessTokenLifetime.toSeconds());
        body.put("ext_expires_in", accessTokenLifetime.toSeconds());
        body.put("access_token", access);
        if (grant.scopes().contains("offline_access")) {
            refreshTokens.put(refresh, grant);
            body.put("refresh_token", refresh);
        }
        if (grant.scopes().contains("openid")) body.put("id_token", idToken(grant, nonce, now));
        send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsString(body));
    }

    /** Unsigned ("alg": "none"): Koppel reads it as received from the token endpoint, without a signature check. */
    private String idToken(Grant grant, String nonce, Instant now) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("aud", grant.clientId());
        claims.put("iss", authority() + "/" + TENANT_ID + "/v2.0");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        claims.put("sub", s256(grant.user().objectId() + "|" + grant.clientId()));
        claims.put("tid", TENANT_ID);
        claims.put("ver", "2.0");
        if (nonce != null) claims.put("nonce", nonce);
        // the documents: preferred_username, name and oid need the profile scope
        if (grant.scopes().contains("profile")) {
            claims.put("preferred_username", grant.user().username());
            claims.put("name", grant.user().username());
            claims.put("oid", grant.user().objectId());
        }
        if (grant.scopes().contains("email")) claims.put("email", grant.user().username());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
    }

    /** As the documents show it: error, error_description (AADSTS code, then trace lines), error_codes and ids. */
    private void error(HttpExchange exchange, int status, String error, int aadsts, String text) throws IOException {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        String timestamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        var body = new LinkedHashMap<String, Object>();
        body.put("error", error);
        body.put("error_description", (aadsts == 0 ? "" : "AADSTS" + aadsts + ": ") + text + "\r\nTrace ID: " + trace
                + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
        body.put("error_codes", aadsts == 0 ? List.of() : List.of(aadsts));
        body.put("timestamp", timestamp);
        body.put("trace_id", trace);
        body.put("correlation_id", correlation);
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsString(body));
    }

    private static void redirect(HttpExchange exchange, String redirectUri, Map<String, String> params, String state)
            throws IOException {
        var all = new LinkedHashMap<>(params);
        if (state != null) all.put("state", state);
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        all.forEach((k, v) -> location.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        exchange.getResponseHeaders().add("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String[] basicCredentials(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) return null;
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    }

    private boolean revoked(Grant grant) {
        return grant.epoch() < revocations.getOrDefault(grant.user().username(), 0);
    }

    private User user(String username) {
        return users.computeIfAbsent(username, u -> new User(u, UUID.nameUUIDFromBytes(u.getBytes(StandardCharsets.UTF_8)).toString()));
    }

    private static Set<String> scopes(String scope) {
        return scope == null ? Set.of() : Set.of(scope.trim().split("\\s+"));
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

    /** PKCE S256 (RFC 7636, 4.2): BASE64URL(SHA256(ASCII(code_verifier))), no padding. */
    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Where a fake-issued code would send the browser, for tests that drive the endpoints by hand. */
    public URI authorizeUri(String tenant, Map<String, String> params) {
        StringBuilder uri = new StringBuilder(authority()).append('/').append(tenant).append("/oauth2/v2.0/authorize?");
        params.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return URI.create(uri.substring(0, uri.length() - 1));
    }
}
