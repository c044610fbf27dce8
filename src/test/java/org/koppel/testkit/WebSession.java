package org.koppel.testkit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a screen: a cookie jar, form posts with the page's CSRF token, and redirects
 * followed one by one (each hop recorded), across hosts, as a browser follows a sign-in through
 * another site and back.
 */
public final class WebSession {

    /** A page at the end of a redirect chain; {@code chain} holds every address visited, the last one included. */
    public record Page(int status, URI uri, String body, List<URI> chain) {

        public String csrf() {
            Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(body);
            if (m.find()) return m.group(1);
            m = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(body);
            if (m.find()) return m.group(1);
            throw new AssertionError("no CSRF token on " + uri);
        }
    }

    private final HttpClient http;
    private final String base;

    private WebSession(String base) {
        var cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = base;
    }

    /** Signs in with Koppel's login form. */
    public static WebSession signIn(int port, String login, String password) {
        var session = new WebSession("http://localhost:" + port);
        Page form = session.get("/login");
        Page after = session.post(form, "/login", Map.of("username", login, "password", password));
        if (after.uri().getPath().equals("/login")) throw new AssertionError("could not sign in as " + login);
        return session;
    }

    public Page get(String pathOrUrl) {
        return follow(request(pathOrUrl).GET().build(), uri -> false);
    }

    /** Posts a form with the CSRF token of {@code from}, the page it is on, and follows the redirects. */
    public Page post(Page from, String action, Map<String, String> fields) {
        return post(from, action, fields, uri -> false);
    }

    /** As {@link #post}, but stops before visiting an address {@code stopBefore} accepts (the page returned is the last one visited, its chain the hops so far plus that address). */
    public Page post(Page from, String action, Map<String, String> fields, Predicate<URI> stopBefore) {
        var form = new LinkedHashMap<>(fields);
        form.put("_csrf", from.csrf());
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return follow(request(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), stopBefore);
    }

    /** Continues a chain stopped by {@code stopBefore}: visits its last address and follows on. */
    public Page resume(Page stopped) {
        return get(stopped.chain().getLast().toString());
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl));
    }

    private Page follow(HttpRequest first, Predicate<URI> stopBefore) {
        var chain = new ArrayList<URI>();
        HttpRequest request = first;
        try {
            for (int hop = 0; hop < 20; hop++) {
                chain.add(request.uri());
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String location = response.headers().firstValue("Location").orElse(null);
                if (response.statusCode() / 100 != 3 || location == null) {
                    return new Page(response.statusCode(), request.uri(), response.body(), chain);
                }
                URI next = request.uri().resolve(location);
                if (stopBefore.test(next)) {
                    chain.add(next);
                    return new Page(response.statusCode(), request.uri(), response.body(), chain);
                }
                request = HttpRequest.newBuilder(next).GET().build();
            }
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("more than 20 redirects: " + chain);
    }
}
