package org.koppel.connector.graph;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.koppel.store.GraphSubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps one Microsoft Graph change subscription per Microsoft 365 connection while Koppel has a
 * public URL ({@code koppel.public-url}), so an edit in Outlook starts a run within seconds instead
 * of at the next 5-minute pull. Without a public URL nothing happens here: polling only.
 *
 * <p>The connection type "microsoft365" calls {@link #ensure} after every successful run (from
 * {@code PeerFactory.afterRun}) and {@link #remove} when the connection is paused or deleted (from
 * {@code PeerFactory.detach}). Ensuring is free while the subscription has more than
 * {@link #RENEW_WITHIN} left: no Graph request at all.
 *
 * <p>Lifetime: the subscription resource's table gives Outlook contacts "4,230 minutes (under three
 * days)" ("subscription resource type", maximum length of subscription per resource type,
 * https://learn.microsoft.com/graph/api/resources/subscription, and "Set up notifications for changes
 * in resource data", subscription lifetime, https://learn.microsoft.com/graph/change-notifications-overview).
 * Later revisions of that table are reported to allow 10,080 minutes for basic notifications; asking
 * for less than 4,230 is valid under both, and costs one renewal every two days or so.
 */
@Component
public class GraphSubscriptions {

    /** Where Graph posts change notifications, under the public URL. */
    public static final String NOTIFICATION_PATH = "/api/v1/notifications/microsoft";
    /** Where Graph posts lifecycle notifications (reauthorizationRequired, subscriptionRemoved, missed). */
    public static final String LIFECYCLE_PATH = NOTIFICATION_PATH + "/lifecycle";
    /** The documented maximum for Outlook contacts. */
    public static final Duration MAXIMUM = Duration.ofMinutes(4230);
    /** What Koppel asks for: the maximum less half an hour, for clock skew between Koppel and Graph. */
    public static final Duration LIFETIME = MAXIMUM.minusMinutes(30);
    /** A subscription with less than this left is renewed by the next run (runs come every 5 minutes). */
    public static final Duration RENEW_WITHIN = Duration.ofDays(1);

    /** What {@link #ensure} did. */
    /** WAITING: the last attempt failed and the next one is not due yet. */
    public enum Outcome { OFF, KEPT, CREATED, RENEWED, RECREATED, WAITING }

    private static final Logger LOG = LoggerFactory.getLogger(GraphSubscriptions.class);
    private static final Duration MAX_WAIT = Duration.ofHours(6);
    /** Failed attempts in a row, and when the next may be made, per connection. */
    private final java.util.Map<Long, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Long, Instant> failedUntil = new java.util.concurrent.ConcurrentHashMap<>();

    private final GraphSubscriptionStore store;
    private final String publicUrl;
    private final Clock clock;
    private final Executor background;

    @Autowired
    public GraphSubscriptions(GraphSubscriptionStore store, @Value("${koppel.public-url:}") String publicUrl, Clock clock) {
        this(store, publicUrl, clock, Executors.newVirtualThreadPerTaskExecutor());
    }

    GraphSubscriptions(GraphSubscriptionStore store, String publicUrl, Clock clock, Executor background) {
        this.store = store;
        this.publicUrl = normalise(publicUrl);
        this.clock = clock;
        this.background = background;
    }

    /** Whether push is on at all: a public URL is set. */
    public boolean enabled() {
        return publicUrl != null;
    }

    /**
     * Makes sure the connection has a subscription to its contact folder that lives at least
     * {@link #RENEW_WITHIN} more: creates it, renews it (PATCH, which also answers a
     * reauthorizationRequired), or creates it anew when Graph lost it (404, subscriptionRemoved) or
     * it points elsewhere (another folder or public URL). Without a public URL, a subscription left
     * from before is deleted. Failures are thrown as {@link org.koppel.connector.PeerException}s.
     *
     * @param folderId the folder the connection syncs; null for the user's default Contacts folder
     */
    public Outcome ensure(GraphClient client, long connectionId, String folderId) {
        Instant notBefore = failedUntil.get(connectionId);
        if (notBefore != null && clock.instant().isBefore(notBefore)) return Outcome.WAITING;
        try {
            Outcome outcome = keepAlive(client, connectionId, folderId);
            failures.remove(connectionId);
            failedUntil.remove(connectionId);
            return outcome;
        } catch (RuntimeException e) {
            // Runs come seconds apart when Koppel changes; a public URL Graph cannot reach must not cost a
            // handshake every time: wait 5 minutes, doubling up to 6 hours (kept per node, in memory).
            int n = failures.merge(connectionId, 1, Integer::sum);
            Duration wait = Duration.ofMinutes(5).multipliedBy(1L << Math.min(n - 1, 6));
            failedUntil.put(connectionId, clock.instant().plus(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait));
            throw e;
        }
    }

    private Outcome keepAlive(GraphClient client, long connectionId, String folderId) {
        var requests = new SubscriptionRequests(client);
        Optional<GraphSubscription> current = store.ofConnection(connectionId);
        if (!enabled()) {
            current.ifPresent(s -> deleteQuietly(requests, store.remove(connectionId).orElse(s)));
            return Outcome.OFF;
        }
        String resource = resource(folderId);
        if (current.isEmpty()) {
            create(requests, connectionId, resource);
            return Outcome.CREATED;
        }
        GraphSubscription s = current.get();
        if (s.recreateRequested() || !s.resource().equals(resource) || !s.notificationUrl().equals(notificationUrl())) {
            deleteQuietly(requests, s);
            create(requests, connectionId, resource);
            return Outcome.RECREATED;
        }
        Instant now = clock.instant();
        if (!s.renewRequested() && s.expiresAt().isAfter(now.plus(RENEW_WITHIN))) return Outcome.KEPT;
        Instant renewed = requests.renew(s.subscriptionId(), now.plus(LIFETIME));
        if (renewed == null) {
            create(requests, connectionId, resource);
            return Outcome.RECREATED;
        }
        store.renewed(s.subscriptionId(), renewed, now);
        return Outcome.RENEWED;
    }

    /**
     * Forgets the connection's subscription now and deletes it at Graph in the background, so a
     * pause or delete never waits for Microsoft 365. If the delete fails the subscription runs out by
     * itself; notifications for it meanwhile find no connection and are ignored.
     *
     * @param client made only in the background (token refresh may take a while)
     * @return completes with whether Graph confirmed the delete (false: nothing to delete, or it failed)
     */
    public CompletableFuture<Boolean> remove(long connectionId, Supplier<GraphClient> client) {
        Optional<GraphSubscription> removed = store.remove(connectionId);
        if (removed.isEmpty()) return CompletableFuture.completedFuture(false);
        return CompletableFuture.supplyAsync(() -> deleteQuietly(new SubscriptionRequests(client.get()), removed.get()), background);
    }

    /** The resource path of the folder's contacts ("Change notifications for Outlook resources"). */
    static String resource(String folderId) {
        return folderId == null ? "me/contacts" : "me/contactFolders/" + folderId + "/contacts";
    }

    String notificationUrl() {
        return publicUrl + NOTIFICATION_PATH;
    }

    private void create(SubscriptionRequests requests, long connectionId, String resource) {
        String clientState = ClientStates.generate();
        Instant now = clock.instant();
        SubscriptionRequests.Created created = requests.create(resource, notificationUrl(), publicUrl + LIFECYCLE_PATH,
                clientState, now.plus(LIFETIME));
        store.save(new GraphSubscription(connectionId, created.id(), ClientStates.hash(clientState), resource,
                notificationUrl(), created.expiresAt(), false, false), now);
    }

    private boolean deleteQuietly(SubscriptionRequests requests, GraphSubscription s) {
        try {
            requests.delete(s.subscriptionId());
            return true;
        } catch (RuntimeException e) {
            LOG.info("connection {}: the old change subscription could not be deleted at Microsoft 365 ({}); it runs out by {}",
                    s.connectionId(), e.getMessage(), s.expiresAt());
            return false;
        }
    }

    /** Null when empty; without a trailing slash otherwise. */
    static String normalise(String url) {
        if (url == null || url.isBlank()) return null;
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        URI parsed = URI.create(u);
        if (!"https".equalsIgnoreCase(parsed.getScheme()) && !"http".equalsIgnoreCase(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("koppel.public-url must be an absolute https URL, not '" + url + "'");
        }
        return u;
    }
}
