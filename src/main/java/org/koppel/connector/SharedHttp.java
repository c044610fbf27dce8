package org.koppel.connector;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDK {@link HttpClient} per connector (and connect timeout), shared by all its peers and runs:
 * each client has a selector thread and a connection pool of its own, so one per run cost 10,000
 * threads at 10,000 connections and reused no connection. A client is thread-safe and holds no
 * per-connection state here: none has an Authenticator or a CookieHandler, credentials go with each
 * request (a Basic header, a bearer token, an API key), and each follows no redirect, so a credential
 * never goes to a host other than the one checked by the outbound policy before each request. A
 * shared client is never closed: closing a peer leaves it be. A stopped run's exchange is abandoned
 * through the interrupt of its thread ({@code HttpClient.send} cancels the exchange on interrupt) and
 * otherwise ends at the request's own timeout.
 */
public final class SharedHttp {

    private record Key(String connector, HttpClient.Version version, Duration connectTimeout) {
    }

    private static final Map<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private SharedHttp() {
    }

    /**
     * The connector's client.
     *
     * @param connector      names the connector ("dav", "graph", "google", "source", "oauth")
     * @param version        the HTTP version to use, null for the JDK's default (HTTP/2 where the server offers it)
     * @param connectTimeout how long a connection may take to open
     */
    public static HttpClient client(String connector, HttpClient.Version version, Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(new Key(connector, version, connectTimeout), key -> {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(key.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (key.version() != null) builder.version(key.version());
            return builder.build();
        });
    }
}
