package org.koppel.connector.dav;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLException;

import org.koppel.connector.BoundedBody;
import org.koppel.connector.PeerException;
import org.koppel.connector.SharedHttp;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.PlainHttp;
import org.koppel.security.OutboundRefusedException;

/**
 * The HTTP side of one CardDAV account: the connector's shared {@link HttpClient}, Basic credentials, the outbound
 * policy, the response limits (size, and time: {@link BoundedBody}) and a counter of every request
 * sent (the benchmark reports it). Discovery and the per-address-book clients of one account share
 * a transport, so the count covers both.
 *
 * <p>Redirects are never followed here: only discovery may move (RFC 6764 §5), and it does so
 * itself so it can refuse an https → http downgrade that would expose the password.
 */
public final class DavTransport implements AutoCloseable {

    private static final String USER_AGENT = "Koppel-CardDAV/1";
    /** An error body is read for its DAV:error element only; a page beyond this is not needed. */
    static final long HELD_BODY_BYTES = 64 * 1024;

    private final DavCredentials credentials;
    private final DavSettings settings;
    private final HttpClient http;
    /** Set by {@link #close}: the shared client stays open, this peer's use of it ends. */
    private volatile boolean closed;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();

    public DavTransport(DavCredentials credentials, DavSettings settings) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Shared by every DAV account (SharedHttp). HTTP/1.1 on purpose: no h2c upgrade attempt, which
        // some DAV servers mishandle.
        this.http = SharedHttp.client("dav", HttpClient.Version.HTTP_1_1, settings.connectTimeout());
    }

    public DavSettings settings() {
        return settings;
    }

    /**
     * Leaves the shared HTTP client open for the other accounts ({@link SharedHttp}): a stopped run's
     * exchange ends through the interrupt of its thread, or at its request timeout.
     */
    @Override
    public void close() {
        closed = true;
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

    /** Sends a request; a 207 is parsed as it streams in, keeping what {@link DavSettings} allows. */
    DavResponse send(DavRequest request) {
        return send(request, DavXmlReader.ReadLimits.of(settings));
    }

    /**
     * Sends a request only to a host the {@link OutboundPolicy} lets Koppel reach, checked on the
     * addresses the name resolves to now, before every request.
     */
    DavResponse send(DavRequest request, DavXmlReader.ReadLimits limits) {
        if (closed) throw new PeerException.Transient("the connection to the DAV server was closed", null, null);
        refusePlainHttp(request);
        refuseUnreachable(request);
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
            return exchange(request, httpRequest, limits);
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
                return exchange(request, httpRequest, limits);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw failure(request, second);
            }
        }
    }

    private void refuseUnreachable(DavRequest request) {
        try {
            settings.outbound().check(request.uri().getHost());
        } catch (OutboundRefusedException e) {
            throw new DavConfigurationException(request.method() + " " + request.uri() + " refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            // DNS may be down for a while; a typo in a host name shows up as this at setup.
            throw new DavTransientException(request.method() + " " + request.uri() + ": host "
                    + request.uri().getHost() + " cannot be resolved", 0, null, e);
        }
    }

    private DavResponse exchange(DavRequest request, HttpRequest httpRequest, DavXmlReader.ReadLimits limits)
            throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            try (BoundedBody body = BoundedBody.of(response.body(), new BoundedBody.Limits(settings.maxResponseBytes(),
                    settings.bodyIdleTimeout(), settings.bodyTimeout()))) {
                return read(request, response, body, limits);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DavTransientException(request.method() + " " + request.uri() + " interrupted", 0, null, e);
        }
    }

    /**
     * A 207 is parsed from the stream; any other body is held only up to a card (a GET) or a small
     * error body, the rest left unread. Nothing larger than a card is ever held whole.
     */
    private DavResponse read(DavRequest request, HttpResponse<InputStream> response, BoundedBody body,
            DavXmlReader.ReadLimits limits) throws IOException {
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        int status = response.statusCode();
        if (status == 207) {
            if (declared > settings.maxResponseBytes()) {
                throw tooLarge(request, declared + " bytes declared");
            }
            try {
                MultiStatus ms = DavXmlReader.multiStatus(body, limits);
                return new DavResponse(request.method(), request.uri(), status, response.headers(), new byte[0], false, ms);
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof BoundedBody.TooLarge) {
                    throw tooLarge(request, "more than " + settings.maxResponseBytes() + " bytes");
                }
                throw e.getCause();
            }
        }
        long held = request.method().equals("GET") ? settings.maxCardBytes() : HELD_BODY_BYTES;
        if (declared > held) {
            return new DavResponse(request.method(), request.uri(), status, response.headers(), new byte[0], true, null);
        }
        byte[] bytes = body.readNBytes((int) held + 1);
        boolean truncated = bytes.length > held;
        return new DavResponse(request.method(), request.uri(), status, response.headers(),
                truncated ? new byte[0] : bytes, truncated, null);
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
        String what = e instanceof HttpTimeoutException ? " timed out" + (e.getMessage() == null ? "" : ": "
                + e.getMessage()) : " failed: " + e;
        return new DavTransientException(request.method() + " " + request.uri() + what, 0, null, e);
    }

    private DavProtocolException tooLarge(DavRequest request, String size) {
        return new DavProtocolException(request.method() + " " + request.uri() + ": response body refused, "
                + size + " exceeds the limit of " + settings.maxResponseBytes() + " bytes");
    }

    private void refusePlainHttp(DavRequest request) {
        URI uri = request.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (!scheme.equals("http")) {
            throw new DavConfigurationException("not an http(s) URL: " + uri);
        }
        if (!plainHttpAllowed(uri.getHost())) {
            if (PlainHttp.isLoopback(uri.getHost())) {
                refuseUnreachable(request); // loopback denied: that is the reason to give, not plain http
            }
            throw new DavConfigurationException("refusing to send credentials over plain http to " + uri.getHost()
                    + "; use https (or allow plain http explicitly)");
        }
    }

    /** Plain HTTP to this host allowed? Only when configured, or to loopback ({@link PlainHttp}). */
    public boolean plainHttpAllowed(String host) {
        return settings.allowPlainHttp() || PlainHttp.allowed(host, settings.outbound());
    }
}
