package org.koppel.connector.graph;

import java.time.Instant;

/**
 * A connection's Microsoft Graph change subscription as Koppel keeps it. The clientState itself is
 * never stored: only its SHA-256 ({@link ClientStates#hash}), which a notification's clientState must
 * match.
 *
 * @param renewRequested    a reauthorizationRequired lifecycle notification came: renew on the next run
 * @param recreateRequested a subscriptionRemoved lifecycle notification came: create anew on the next run
 */
public record GraphSubscription(long connectionId, String subscriptionId, String clientStateHash, String resource,
                                String notificationUrl, Instant expiresAt, boolean renewRequested,
                                boolean recreateRequested) {
}
