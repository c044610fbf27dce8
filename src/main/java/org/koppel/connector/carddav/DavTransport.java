package org.koppel.connector.carddav;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

/**
 * The HTTP side of one CardDAV account: one {@link HttpClient}, Basic credentials, the response
 * size limit and a counter of every request sent (the benchmark reports it). Discovery and the
 * per-address-book clients of one account share a transport, so the count covers both.
 *
 * <p>Redirects are never followed here: only discovery may move (RFC 6764 §5), and it does so
 * itself so it can refuse an https → http downgrade that would expose the password.
 */
public final class DavTransport implements AutoCloseable {

    private static final String USER_AGENT = "Koppel-CardDAV/1";

    private final DavCredentials credentials;
    private final DavSettings settings;
    private final HttpClient http;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();

    public DavTransport(DavCredentials credentials, DavSettings settings) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder()
                // HTTP/1.1 on purpose: no h2c upgrade attempt, which some DAV servers mishandle.
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    public DavSettings settings() {
        return settings;
    }

    /** Ends the HTTP client's connections and selector thread. */
    @Override
    public void close() {
        http.close();
    }

    /**
     * Every HTTP request this transport made, answered or failed, each counted once: the cost of
     * the protocol. A re-send over a fresh connection after a dropped one is in {@link #resendCount()}.
     */
    public long requestCount() {
        return requests.get();
    }

    /** Requests sent a second time because the connection dropped before any response (see {@link #send}). */
    public long resendCount() {
        return resends.get();
    }

    DavResponse send(DavRequest request) {
        refusePlainHttp(request.uri());
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(settings.requestTimeout())
                .method(request.method(), request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8))
                // Preemptive Basic auth: a challenge round trip per request would double the traffic.
                .header("Authorization", credentials.basicAuthorization())
                .header("User-Agent", USER_AGENT);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        HttpRequest httpRequest = builder.build();
        requests.incrementAndGet();
        try {
            return exchange(request, httpRequest);
        } catch (IOException first) {
            if (!worthOneRetry(first)) {
                throw failure(request, first);
            }
            // RFC 9110 §9.2.2: an idempotent request whose connection closed before any response may
            // be retried automatically, and every request here is idempotent (PUT and DELETE carry
            // preconditions). It happens with HTTP/1.0 servers such as Radicale: they close after each
            // response, yet the JDK client pools the connection and retries only GET and HEAD itself.
            resends.incrementAndGet();
            try {
                return exchange(request, httpRequest);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw failure(request, second);
            }
        }
    }

    private DavResponse exchange(DavRequest request, HttpRequest httpRequest) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = readBounded(request, response);
            return new DavResponse(request.method(), request.uri(), response.statusCode(), response.headers(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DavTransientException(request.method() + " " + request.uri() + " interrupted", 0, null, e);
        }
    }

    /**
     * A dropped connection, typically a pooled one the server had closed. Not a timeout, refused
     * connect or TLS failure: those would fail the same way again at once.
     */
    private static boolean worthOneRetry(IOException e) {
        return !(e instanceof HttpTimeoutException) && !(e instanceof ConnectException)
                && !(e instanceof SSLException);
    }

    private static DavTransientException failure(DavRequest request, IOException e) {
        String what = e instanceof HttpTimeoutException ? " timed out" : " failed: " + e;
        return new DavTransientException(request.method() + " " + request.uri() + what, 0, null, e);
    }

    private byte[] readBounded(DavRequest request, HttpResponse<InputStream> response) throws IOException {
        long limit = settings.maxResponseBytes();
        try (InputStream in = response.body()) {
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                throw tooLarge(request, declared + " bytes declared");
            }
            // Read one byte past the limit: a chunked body gives no length up front.
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge(request, "more than " + limit + " bytes");
            }
            return body;
        }
    }

    private DavProtocolException tooLarge(DavRequest request, String size) {
        return new DavProtocolException(request.method() + " " + request.uri() + ": response body refused, "
                + size + " exceeds the limit of " + settings.maxResponseBytes() + " bytes");
    }

    private void refusePlainHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (!scheme.equals("http")) {
            throw new DavConfigurationException("not an http(s) URL: " + uri);
        }
        if (!settings.allowPlainHttp() && !isLoopback(uri.getHost())) {
            throw new DavConfigurationException("refusing to send credentials over plain http to " + uri.getHost()
                    + "; use https (or allow plain http explicitly)");
        }
    }

    /** Plain HTTP to this host allowed? Loopback never crosses a wire, so tests may use it. */
    boolean plainHttpAllowed(String host) {
        return settings.allowPlainHttp() || isLoopback(host);
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        // Literal forms only: resolving the name would let DNS decide where the password goes.
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
