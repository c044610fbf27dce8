package org.koppel.runtime;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.koppel.connector.PeerItem;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.ContactReviewStore.Review;
import org.koppel.sync.IdentityRewrite;
import org.koppel.sync.Link;
import org.koppel.sync.Snapshot;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Peer changes held for review ({@link IdentityRewrite}) as one run sees them: which records wait
 * for a decision (and are left alone), which decisions this run carries out, and, at the end, which
 * of those it carried out (a decision whose item failed stays for the next run).
 */
final class RunReviews {

    private final ContactReviewStore store;
    private final long connectionId;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<Long, Review> open = new HashMap<>();
    private final Map<Long, Review> decided = new HashMap<>();
    private final Set<Long> failed = new HashSet<>();

    private final boolean active;

    /**
     * @param transactions the run's, so a run that lost its lease changes no review ({@link FencedTransactions})
     * @param active       whether this data type holds rewrites for review at all; when not, nothing is held or read
     */
    RunReviews(ContactReviewStore store, long connectionId, TransactionTemplate transactions, Clock clock, boolean active) {
        this.store = store;
        this.connectionId = connectionId;
        this.transactions = transactions;
        this.clock = clock;
        this.active = active;
        if (active) store.open(connectionId).forEach(r -> open.put(r.crmId(), r));
    }

    private void write(Runnable change) {
        transactions.executeWithoutResult(tx -> change.run());
    }

    /**
     * The decisions to carry out now: those whose record is still linked to the item that was
     * reviewed. A decision about a link that is gone or points elsewhere no longer applies.
     */
    List<Review> decisions(Map<Long, Link> byCrm) {
        if (!active) return List.of();
        for (Review r : store.decidedNotApplied(connectionId)) {
            Link link = byCrm.get(r.crmId());
            if (link == null || link.peerGone() || !r.peerId().equals(link.peerId())) write(() -> store.obsolete(r.id()));
            else decided.put(r.crmId(), r);
        }
        return List.copyOf(decided.values());
    }

    /**
     * The item as it is now is not the one that was decided on: Outlook changed it again. The
     * decision is asked again on the new values, and the record waits meanwhile.
     */
    void changedSinceDecision(Review r, PeerItem now) {
        write(() -> store.reopen(r.id(), now.version(), now.values()));
        decided.remove(r.crmId());
        open.put(r.crmId(), r);
    }

    /** Why this link's change waits for a decision (held now or before), or empty: sync it. */
    Optional<String> holdReason(Link link, PeerItem item) {
        Review review = open.get(link.crmId());
        if (review != null && !review.peerId().equals(link.peerId())) {
            long obsolete = review.id();
            write(() -> store.obsolete(obsolete));
            open.remove(link.crmId());
            review = null;
        }
        if (review != null) {
            String why = review.reason();
            if (item != null) hold(link, item, baseFor(link, item), why);
            return Optional.of(why);
        }
        if (!active || item == null || decided.containsKey(link.crmId())) return Optional.empty();
        Snapshot base = baseFor(link, item);
        Optional<String> reason = IdentityRewrite.suspected(base, item.values());
        reason.ifPresent(why -> hold(link, item, base, why));
        return reason;
    }

    private void hold(Link link, PeerItem item, Snapshot base, String why) {
        write(() -> store.hold(connectionId, link.crmId(), link.peerId(), item.version(), base, item.values(), why,
                clock.instant()));
    }

    /**
     * What both sides last agreed on, as far as the item tells (a write Koppel left unconfirmed counts
     * if it landed); nothing for a link re-found this run.
     */
    private static Snapshot baseFor(Link link, PeerItem item) {
        return link.base() == null ? Snapshot.EMPTY : link.baseAgainst(item.version(), item.values()).agreed();
    }

    /** The record's link went away: an open review of it has nothing left to decide. */
    void unlinked(long crmId) {
        Review review = open.remove(crmId);
        if (review != null) write(() -> store.obsolete(review.id()));
    }

    void failed(Long crmId) {
        if (crmId != null) failed.add(crmId);
    }

    /** Marks the decisions this run carried out; those whose item failed are carried out next run. */
    void finish() {
        if (!active) return;
        write(() -> decided.values().stream().filter(r -> !failed.contains(r.crmId())).forEach(r -> store.applied(r.id())));
    }
}
