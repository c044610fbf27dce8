package org.koppel.connector.graph;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.koppel.store.ConnectionStore;
import org.koppel.store.GraphSubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * What Koppel does with the notifications Microsoft Graph posts: never a sync in the request (Graph
 * wants a 2xx within 3 seconds, "Receive change notifications through webhooks", processing the
 * change notification: https://learn.microsoft.com/graph/change-notifications-delivery-webhooks), only
 * flags that the 2-second trigger loop acts on. The delta query of the run then fetches what changed,
 * so a notification's resource data is not needed, and a burst of notifications for one connection
 * sets the same flag and ends in one run.
 *
 * <p>A notification counts only when its subscription is known and its clientState matches the stored
 * hash ("If there's a mismatch, don't consider the change notification as valid"); others are
 * ignored, logged at debug without the clientState.
 *
 * <p>Lifecycle events ("Reduce missing subscriptions and change notifications":
 * https://learn.microsoft.com/graph/change-notifications-lifecycle-events): {@code reauthorizationRequired}
 * marks the subscription for renewal (a PATCH by the next run reauthorizes and renews at once);
 * {@code subscriptionRemoved} marks it to be created anew by the next run, which also catches up by
 * delta; {@code missed} only asks for a run ("Perform a full data resync ... using the delta query").
 * Each of them requests a run.
 */
@Component
public class GraphNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(GraphNotifications.class);

    private final GraphSubscriptionStore subscriptions;
    private final ConnectionStore connections;

    public GraphNotifications(GraphSubscriptionStore subscriptions, ConnectionStore connections) {
        this.subscriptions = subscriptions;
        this.connections = connections;
    }

    /**
     * Handles a changeNotificationCollection ({@code {"value": [...]}}), change and lifecycle
     * notifications alike (Graph may batch them, and one URL may serve both).
     *
     * @return the connections asked to run
     */
    public Set<Long> accept(JsonNode collection) {
        var runs = new LinkedHashSet<Long>();
        for (JsonNode n : collection.path("value")) {
            Optional<GraphSubscription> s = valid(n);
            if (s.isEmpty()) continue;
            String event = n.path("lifecycleEvent").asString("");
            switch (event) {
                case "reauthorizationRequired" -> subscriptions.requestRenewal(s.get().subscriptionId());
                case "subscriptionRemoved" -> subscriptions.requestRecreation(s.get().subscriptionId());
                default -> { } // a change, "missed", or an event not known yet: a run catches up by delta
            }
            runs.add(s.get().connectionId());
        }
        runs.forEach(connections::requestRun);
        return runs;
    }

    private Optional<GraphSubscription> valid(JsonNode n) {
        String id = n.path("subscriptionId").asString("");
        Optional<GraphSubscription> s = id.isEmpty() ? Optional.empty() : subscriptions.find(id);
        if (s.isEmpty()) {
            LOG.debug("notification for unknown subscription '{}' ignored", id);
            return Optional.empty();
        }
        if (!ClientStates.matches(n.path("clientState").asString(null), s.get().clientStateHash())) {
            LOG.debug("notification for subscription {} with a wrong clientState ignored", id);
            return Optional.empty();
        }
        return s;
    }
}
