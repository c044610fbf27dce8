package org.koppel.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.store.ContactReviewStore;
import org.koppel.store.LinkStore;
import org.koppel.sync.FieldMap;
import org.koppel.sync.Link;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncWindow;
import org.springframework.stereotype.Component;

/**
 * Decides whether a run of one data type has nothing to do, in a few indexed queries and the peer's
 * "anything new?" request, before the run reads all its links and its whole scope. With 10,000
 * connections pulled every few minutes nearly every run is such a run. The run is a full pass
 * ({@link TypeRun}) for the first {@link Reason} that applies; when none does, it only moves its
 * cursors. It may skip the full pass only when the full pass would do nothing either: the last full
 * pass ended with everything done (its fingerprint stored, see {@link org.koppel.store.SettledStore}),
 * and nothing it read since then can have changed. When in doubt, a full pass.
 */
@Component
class NothingToDo {

    /** More CRM changes than this since the cursor (a bulk edit, an import): a full pass, as cheap as checking them. */
    static final int MOST_CHANGES = 10_000;
    /** The changed ids are checked this many at a time: one IN list per query stays small. */
    private static final int CHECKED_AT_ONCE = 1000;
    /** More "do you know this item?" questions from the peer than this: read all versions in one query. */
    private static final int KNOWN_ONE_BY_ONE = 50;

    /** Why a run is a full pass. */
    enum Reason {
        /** The first run, a full pass that left errors, or one that never ended: no settled full pass to go by. */
        NOT_SETTLED,
        /** The policy, the field map, the connection's settings or (appointments, tasks) the window changed. */
        SETTINGS_CHANGED,
        /** A person confirmed a mass change, or one waits for confirmation (rule 7). */
        MASS_CHANGE,
        /** A run wrote to a peer item without storing the outcome: the item must be read. */
        WRITE_UNCONFIRMED,
        /** Peer items wait to be read (cards imported from the queue, not linked yet). */
        ITEMS_TO_READ,
        /** A person decided a held change that no run carried out yet. */
        DECISION_WAITING,
        /** Records can have moved in or out of scope without a change of their own (a group's members). */
        SCOPE_MOVED,
        /** So many CRM changes that checking them one by one costs as much as a full pass. */
        MANY_CRM_CHANGES,
        /** A CRM change concerns a linked record or one in scope. */
        CRM_CHANGED,
        /** The peer's cursor expired: a full listing (rule 2). */
        PEER_CURSOR_EXPIRED,
        /** The peer reports changes, removals, unreadable items, or a complete listing. */
        PEER_CHANGED
    }

    /**
     * The verdict: {@code fullPass} names why the run is a full pass (null: nothing to do); {@code delta}
     * is the peer's answer when it was asked, for the full pass to use instead of asking again.
     */
    record Verdict(Reason fullPass, PeerDelta delta) {
        boolean nothingToDo() {
            return fullPass == null;
        }
    }

    private final LinkStore links;
    private final ContactReviewStore reviews;

    NothingToDo(LinkStore links, ContactReviewStore reviews) {
        this.links = links;
        this.reviews = reviews;
    }

    /**
     * What a full pass depends on besides the records and the peer: the policy, the field map, the
     * type's own settings and, for a scope that follows the window, the window (it moves daily).
     */
    static String fingerprint(SyncPolicy policy, FieldMap map, SyncWindow window, String settings) {
        String text = String.join("\n", policy.direction().name(), new TreeSet<>(policy.scope()).toString(),
                String.valueOf(policy.scopeMainGroup()), policy.creation().name(),
                String.valueOf(policy.removeFromPeerWhenOutOfScope()), policy.conflictRule().name(),
                String.valueOf(policy.massChangeShare()), String.valueOf(policy.massChangeMinimum()),
                String.valueOf(policy.windowDays()), String.valueOf(policy.windowPastDays()), map.toString(),
                window == null ? "" : window.from() + ".." + window.to(), settings);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint of this run's inputs ({@link #fingerprint}). */
    static String fingerprint(RunContext<?> context) {
        return fingerprint(context.policy, context.map, context.records.followsWindow() ? context.window : null,
                context.records.settingsKey());
    }

    /**
     * @param settled     the fingerprint of the last settled full pass (null: none)
     * @param fingerprint this run's ({@link #fingerprint(RunContext)})
     */
    <R> Verdict judge(RunContext<R> context, String settled, String fingerprint) {
        Reason reason = stored(context, settled, fingerprint);
        if (reason == null) reason = crm(context);
        if (reason != null) return new Verdict(reason, null);
        return peer(context);
    }

    /** What the database says, in a few indexed queries. */
    private <R> Reason stored(RunContext<R> context, String settled, String fingerprint) {
        Connection connection = context.connection;
        SyncedRecords<R> records = context.records;
        if (settled == null || context.cursor.peer() == null) return Reason.NOT_SETTLED;
        if (!settled.equals(fingerprint)) return Reason.SETTINGS_CHANGED;
        if (connection.confirmedMassChange() || connection.status() == Connection.Status.NEEDS_CONFIRMATION) {
            return Reason.MASS_CHANGE;
        }
        if (links.anySent(connection.id(), records.type())) return Reason.WRITE_UNCONFIRMED;
        if (!records.alsoRead(connection.id()).isEmpty()) return Reason.ITEMS_TO_READ;
        if (records.reviewsRewrites() && reviews.anyDecidedNotApplied(connection.id())) return Reason.DECISION_WAITING;
        if (records.scopeMovedSince(context.cursor.crm(), context.policy)) return Reason.SCOPE_MOVED;
        return null;
    }

    /** The CRM changes since the cursor that concern this connection: linked records, and records now in scope. */
    private <R> Reason crm(RunContext<R> context) {
        Set<Long> changed = context.records.changedSince(context.cursor.crm());
        if (changed.isEmpty()) return null;
        if (changed.size() > MOST_CHANGES) return Reason.MANY_CRM_CHANGES;
        var ids = List.copyOf(changed);
        for (int from = 0; from < ids.size(); from += CHECKED_AT_ONCE) {
            List<Long> some = ids.subList(from, Math.min(ids.size(), from + CHECKED_AT_ONCE));
            if (!links.linkedAmong(context.connection.id(), context.records.type(), some).isEmpty()) return Reason.CRM_CHANGED;
            if (!context.records.inScopeAmong(context.connection, context.policy, context.window, some).isEmpty()) {
                return Reason.CRM_CHANGED;
            }
        }
        return null;
    }

    /** The peer's "anything new?": the delta since its cursor. */
    private <R> Verdict peer(RunContext<R> context) {
        context.peer.limitTo(context.window);
        PeerDelta delta;
        var known = new KnownVersions(context);
        try {
            delta = context.peer.changes(context.cursor.peer(), known);
        } catch (PeerException.CursorExpired e) {
            // Rule 2: a full listing reconciled against the links, handed to the full pass so it is asked once.
            return new Verdict(Reason.PEER_CURSOR_EXPIRED, context.peer.fullListing(known));
        }
        boolean quiet = delta.changed().isEmpty() && delta.removed().isEmpty() && !delta.complete() && delta.rejected().isEmpty();
        return new Verdict(quiet ? null : Reason.PEER_CHANGED, delta);
    }

    /**
     * The versions Koppel knows of the items the peer names (its own writes come back known): one
     * indexed row each for the few a quiet delta names, all in one query when the peer names many.
     */
    private final class KnownVersions implements Function<String, String> {
        private final RunContext<?> context;
        private Map<String, String> all;
        private int asked;

        KnownVersions(RunContext<?> context) {
            this.context = context;
        }

        @Override
        public String apply(String peerId) {
            if (all == null && ++asked > KNOWN_ONE_BY_ONE) {
                all = new HashMap<>();
                for (Link link : links.all(context.connection.id(), context.records.type())) {
                    if (!link.peerGone()) all.put(link.peerId(), link.peerVersion());
                }
            }
            return all != null ? all.get(peerId) : links.peerVersionOf(context.connection.id(), context.records.type(), peerId);
        }
    }
}
