package org.koppel.testkit.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP proxy on a loopback port in front of one server (Radicale, the Graph fake, the source server). Clients
 * talk to it as if it were the server; it forwards each request over a fresh connection and, as its
 * {@link FaultPlan} says, spoils some exchanges (see {@link Fault}). One request per connection: the
 * answer carries {@code Connection: close}, which every client here handles.
 *
 * <p>Absolute URLs of the server in answers (Graph's nextLink and deltaLink) are rewritten to the
 * proxy, so follow-up requests pass through it too.
 */
public final class FaultProxy implements AutoCloseable {

    private static final byte[] BROKEN_XML = "<?xml version=\"1.0\"?><d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/broken"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] BROKEN_JSON = "{\"value\": [{\"id\": \"AAMk".getBytes(StandardCharsets.UTF_8);

    private final ServerSocket server;
    private final URI upstream;
    private final FaultPlan plan;
    private final FaultHooks hooks;
    private final Duration hold;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final String upstreamAuthority;
    private final String proxyAuthority;

    /**
     * @param upstream the server, e.g. http://127.0.0.1:5232/
     * @param hold     how long a timeout fault holds the exchange: longer than the client's timeout
     */
    public FaultProxy(URI upstream, FaultPlan plan, FaultHooks hooks, Duration hold) {
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("no port for the fault proxy", e);
        }
        this.upstream = upstream;
        this.plan = plan;
        this.hooks = hooks;
        this.hold = hold;
        this.upstreamAuthority = upstream.getHost() + ":" + upstream.getPort();
        this.proxyAuthority = upstream.getHost() + ":" + server.getLocalPort();
        Thread.ofPlatform().daemon().name("fault-proxy-" + server.getLocalPort()).start(this::accept);
    }

    /** The server's URL with the proxy's port: what clients are given instead. */
    public URI via(URI serverUrl) {
        return URI.create(serverUrl.toString().replace(upstreamAuthority, proxyAuthority));
    }

    public FaultPlan plan() {
        return plan;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                workers.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            HttpWire.Request request = HttpWire.readRequest(client.getInputStream());
            if (request == null) return;
            var call = new FaultHooks.Call(request.method(), request.target(), request::header, request.body());
            Fault fault = plan.scripted(call);
            if (fault == null) fault = plan.next(hooks.raceable(call), hooks.carriesCursor(call));
            act(fault, request, call, client);
        } catch (IOException | RuntimeException e) {
            // the client gave up (its timeout) or the server failed: the client sees a dropped connection
        }
    }

    private void act(Fault fault, HttpWire.Request request, FaultHooks.Call call, Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        if (fault == null) {
            answer(out, forward(request));
            return;
        }
        switch (fault) {
            case SERVER_ERROR -> {
                int status = new int[] {500, 502, 503}[plan.pick(3)];
                answer(out, HttpWire.Response.of(status, "Injected", "injected failure".getBytes(StandardCharsets.UTF_8),
                        "Content-Type", "text/plain"));
            }
            case THROTTLED -> answer(out, HttpWire.Response.of(429, "Too Many Requests",
                    "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"injected\"}}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json", "Retry-After", "1"));
            case TIMEOUT_BEFORE -> sleep(hold);
            case TIMEOUT_AFTER -> {
                forward(request);
                sleep(hold);
            }
            case RESET_BEFORE -> reset(client);
            case RESET_AFTER -> {
                forward(request);
                reset(client);
            }
            case TRUNCATED_BODY -> {
                HttpWire.Response r = forward(request);
                if (r.body().length < 2) {
                    answer(out, r);
                    return;
                }
                HttpWire.writeHead(out, r, r.body().length);
                out.write(r.body(), 0, r.body().length / 2);
                out.flush();
            }
            case MALFORMED_BODY -> {
                HttpWire.Response r = forward(request);
                if (r.status() / 100 != 2 || r.body().length == 0) {
                    answer(out, r);
                    return;
                }
                boolean json = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT).contains("json");
                answer(out, r.withBody(json ? BROKEN_JSON : BROKEN_XML));
            }
            case PRECONDITION_RACE -> {
                hooks.race(call);
                answer(out, forward(request));
            }
            case CURSOR_EXPIRED -> {
                Optional<FaultHooks.Answer> own = hooks.expireCursor(call);
                answer(out, own.map(a -> HttpWire.Response.of(a.status(), "Injected", a.body().getBytes(StandardCharsets.UTF_8),
                        "Content-Type", a.contentType())).orElseGet(() -> forwardUnchecked(request)));
            }
        }
        plan.count(fault);
    }

    private HttpWire.Response forward(HttpWire.Request request) throws IOException {
        try (Socket upstreamSocket = new Socket()) {
            upstreamSocket.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
            upstreamSocket.setSoTimeout(60_000);
            HttpWire.writeRequest(upstreamSocket.getOutputStream(), request, upstreamAuthority);
            InputStream in = upstreamSocket.getInputStream();
            HttpWire.Response r = HttpWire.readResponse(in, request.method());
            return r.withBody(rewriteLinks(r.body()));
        }
    }

    private HttpWire.Response forwardUnchecked(HttpWire.Request request) {
        try {
            return forward(request);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private byte[] rewriteLinks(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(upstreamAuthority) ? text.replace(upstreamAuthority, proxyAuthority).getBytes(StandardCharsets.UTF_8) : body;
    }

    private static void answer(OutputStream out, HttpWire.Response r) throws IOException {
        HttpWire.writeHead(out, r, r.body().length);
        out.write(r.body());
        out.flush();
    }

    private static void reset(Socket client) throws SocketException {
        client.setSoLinger(true, 0); // close with RST, not FIN
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
