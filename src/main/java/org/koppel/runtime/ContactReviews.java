package org.koppel.runtime;

import java.time.Clock;
import java.util.List;

import org.koppel.crm.ConflictException;
import org.koppel.crm.NotFoundException;
import org.koppel.security.KoppelUser;
import org.koppel.store.ConnectionStore;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.springframework.stereotype.Service;

/**
 * Peer changes held for review (see {@link org.koppel.sync.IdentityRewrite}): the connection's owner
 * (or an admin) accepts one, and the next run writes it into Koppel, or rejects it, and the next run
 * writes Koppel's values back over the peer's rewrite. Either way a run is requested at once.
 */
@Service
public class ContactReviews {

    private final ContactReviewStore store;
    private final Connections connections;
    private final ConnectionStore connectionStore;
    private final Clock clock;

    public ContactReviews(ContactReviewStore store, Connections connections, ConnectionStore connectionStore, Clock clock) {
        this.store = store;
        this.connections = connections;
        this.connectionStore = connectionStore;
        this.clock = clock;
    }

    /** The connection's reviews, open ones first, newest first. */
    public List<Review> of(long connectionId, KoppelUser user) {
        connections.find(connectionId, user);
        return store.ofConnection(connectionId).stream()
                .sorted(java.util.Comparator.comparing((Review r) -> r.status() != ContactReviewStore.Status.OPEN))
                .toList();
    }

    public Review accept(long connectionId, long reviewId, KoppelUser user) {
        return decide(connectionId, reviewId, ContactReviewStore.Status.ACCEPTED, user);
    }

    public Review reject(long connectionId, long reviewId, KoppelUser user) {
        return decide(connectionId, reviewId, ContactReviewStore.Status.REJECTED, user);
    }

    private Review decide(long connectionId, long reviewId, ContactReviewStore.Status decision, KoppelUser user) {
        connections.find(connectionId, user);
        Review review = store.find(reviewId).filter(r -> r.connectionId() == connectionId)
                .orElseThrow(() -> new NotFoundException("review", reviewId));
        if (!store.decide(reviewId, decision, user.employeeId(), clock.instant())) {
            throw new ConflictException("review " + reviewId + " was decided already ("
                    + store.find(reviewId).orElse(review).status().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        connectionStore.requestRun(connectionId);
        return store.find(reviewId).orElseThrow();
    }
}
