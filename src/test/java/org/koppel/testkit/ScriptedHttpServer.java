package org.koppel.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server answering with scripted replies, for what real servers won't do on
 * demand: 507 truncation, 429/503 with Retry-After, hostile XML, oversized or slow bodies. Each
 * request takes the next queued reply (or the fallback) and is recorded for assertions.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /**
     * One canned answer. {@code chunked} sends no Content-Length; {@code delayMillis} stalls before
     * answering; {@code trickleMillis} pauses between bytes of the body (a server that trickles);
     * {@code source}, when set, streams a generated body instead of {@code body} (60 MB without
     * holding 60 MB in the test).
     */
    public record Reply(int status, Map<String, String> headers, byte[] body, boolean chunked, long delayMillis,
                        long trickleMillis, Supplier<InputStream> source) {

        public Reply(int status, Map<String, String> headers, byte[] body, boolean chunked, long delayMillis) {
            this(status, headers, body, chunked, delayMillis, 0, null);
        }

        /** Closes the connection without any response, as a server that dropped it would. */
        public static Reply hangUp() {
            return new Reply(0, Map.of(), new byte[0], false, 0);
        }

        public static Reply of(int status) {
            return new Reply(status, Map.of(), new byte[0], false, 0);
        }

        public static Reply xml(int status, String xml) {
            return new Reply(status, Map.of("Content-Type", "application/xml; charset=utf-8"),
                    xml.getBytes(StandardCharsets.UTF_8), false, 0);
        }

        public static Reply text(int status, String contentType, String body) {
            return new Reply(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8),
                    false, 0);
        }

        /** A body made as it is sent (chunked): {@code head}, then {@code filler} for {@code fillerBytes}, then {@code tail}. */
        public static Reply generated(int status, String contentType, String head, byte filler, long fillerBytes,
                                      String tail) {
            return repeated(status, contentType, head, new byte[] {filler}, fillerBytes, tail);
        }

        /** {@link #generated} with a repeated piece of text as the filler: {@code unit} as often as fits in {@code fillerBytes}. */
        public static Reply generated(int status, String contentType, String head, String unit, long fillerBytes,
                                      String tail) {
            byte[] bytes = unit.getBytes(StandardCharsets.UTF_8);
            return repeated(status, contentType, head, bytes, fillerBytes / bytes.length * bytes.length, tail);
        }

        private static Reply repeated(int status, String contentType, String head, byte[] unit, long fillerBytes,
                                      String tail) {
            return new Reply(status, Map.of("Content-Type", contentType), new byte[0], true, 0, 0,
                    () -> new SequenceInputStream(java.util.Collections.enumeration(List.of(
                            new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                            new Filler(unit, fillerBytes),
                            new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8))))));
        }

        public Reply header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body, chunked, delayMillis, trickleMillis, source);
        }

        /** Without Content-Length (chunked transfer): the client learns the size only by reading. */
        public Reply withoutLength() {
            return new Reply(status, headers, body, true, delayMillis, trickleMillis, source);
        }

        public Reply delayed(long millis) {
            return new Reply(status, headers, body, chunked, millis, trickleMillis, source);
        }

        /** The body one byte at a time, {@code millis} apart: headers arrive at once, the body never quite does. */
        public Reply trickled(long millis) {
            return new Reply(status, headers, body, true, delayMillis, millis, source);
        }
    }

    /** {@code length} bytes of {@code unit} repeated, made while read. */
    private static final class Filler extends InputStream {
        private final byte[] unit;
        private long left;
        private long at;

        Filler(byte[] unit, long length) {
            this.unit = unit;
            this.left = length;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return unit[(int) (at++ % unit.length)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = unit[(int) (at++ % unit.length)];
            }
            left -= n;
            return n;
        }
    }

    /** A request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> fallback =
            r -> Reply.text(500, "text/plain", "no scripted reply for " + r.method() + " " + r.path());

    private ScriptedHttpServer(HttpServer server) {
        this.server = server;
    }

    public static ScriptedHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedHttpServer scripted = new ScriptedHttpServer(server);
            server.createContext("/", scripted::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return scripted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted server: " + e, e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public ScriptedHttpServer enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** What to answer when the queue is empty. */
    public ScriptedHttpServer otherwise(Function<Request, Reply> answer) {
        this.fallback = answer;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    headers, body);
            requests.add(request);
            Reply reply = queue.poll();
            if (reply == null) {
                reply = fallback.apply(request);
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            if (reply.status() == 0) {
                exchange.getResponseBody().close(); // no status line: the client sees the connection drop
                return;
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            long length = reply.chunked() ? 0 : (reply.body().length == 0 ? -1 : reply.body().length);
            exchange.sendResponseHeaders(reply.status(), length);
            if (reply.source() != null) {
                try (OutputStream out = exchange.getResponseBody(); InputStream in = reply.source().get()) {
                    in.transferTo(out);
                }
            } else if (reply.trickleMillis() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    for (byte b : reply.body()) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(reply.trickleMillis());
                    }
                }
            } else if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up (a refused oversized body, a timeout): nothing to answer any more
        }
    }
}
