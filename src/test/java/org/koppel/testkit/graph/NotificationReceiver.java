package org.koppel.testkit.graph;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * A tiny webhook endpoint on a loopback port, to test the fake's side of change notifications
 * without Koppel: it answers the validation handshake as told ({@link Handshake}) and records
 * every notification it is sent.
 */
public final class NotificationReceiver implements AutoCloseable {

    /** How the validation request is answered. */
    public enum Handshake {
        /** 200, text/plain, the decoded token: as documented. */
        ECHO,
        /** 200, text/plain, the token still URL-encoded: "If the client returns an encoded validation token, the validation fails". */
        ENCODED,
        /** 200 with the token but as application/json. */
        WRONG_TYPE,
        /** 403 */
        REFUSE
    }

    /** A request received: its path, the validation token if any, the JSON body if any. */
    public record Received(String path, String validationToken, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Handshake handshake = Handshake.ECHO;
    private volatile int notificationStatus = 202;

    private NotificationReceiver(HttpServer server) {
        this.server = server;
    }

    public static NotificationReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            NotificationReceiver receiver = new NotificationReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.workers);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the notification receiver", e);
        }
    }

    /** For example http://127.0.0.1:40123/hook */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public NotificationReceiver handshake(Handshake how) {
        this.handshake = how;
        return this;
    }

    public NotificationReceiver notificationStatus(int status) {
        this.notificationStatus = status;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The notifications (requests with a body), in order of arrival. */
    public List<JsonNode> notifications() {
        return received.stream().filter(r -> r.body() != null).map(Received::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String token = token(exchange.getRequestURI().getRawQuery());
            JsonNode body = bytes.length == 0 ? null : FakeExchange.JSON.readTree(bytes);
            received.add(new Received(exchange.getRequestURI().getPath(), token, body));
            if (token == null) {
                exchange.sendResponseHeaders(notificationStatus, -1);
                return;
            }
            switch (handshake) {
                case ECHO -> answer(exchange, 200, "text/plain; charset=utf-8", token);
                case ENCODED -> answer(exchange, 200, "text/plain", java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
                case WRONG_TYPE -> answer(exchange, 200, "application/json", token);
                case REFUSE -> exchange.sendResponseHeaders(403, -1);
            }
        }
    }

    private static String token(String rawQuery) {
        if (rawQuery == null) return null;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("validationToken=")) {
                return URLDecoder.decode(pair.substring("validationToken=".length()), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
