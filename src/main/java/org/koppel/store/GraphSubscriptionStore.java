package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.koppel.connector.graph.GraphSubscription;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The Microsoft Graph change subscription of each connection that has one (V5). */
@Repository
public class GraphSubscriptionStore {

    private final JdbcClient jdbc;

    public GraphSubscriptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<GraphSubscription> ofConnection(long connectionId) {
        return jdbc.sql("SELECT * FROM graph_subscription WHERE connection_id = ?").param(connectionId)
                .query(this::row).optional();
    }

    public Optional<GraphSubscription> find(String subscriptionId) {
        return jdbc.sql("SELECT * FROM graph_subscription WHERE subscription_id = ?").param(subscriptionId)
                .query(this::row).optional();
    }

    /** The connection's subscription from now on, replacing any earlier one. */
    @Transactional
    public void save(GraphSubscription s, Instant now) {
        jdbc.sql("DELETE FROM graph_subscription WHERE connection_id = ?").param(s.connectionId()).update();
        jdbc.sql("""
                INSERT INTO graph_subscription (connection_id, subscription_id, client_state_hash, resource, notification_url,
                    expires_at, renew_requested, recreate_requested, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, FALSE, FALSE, ?, ?)""")
                .params(s.connectionId(), s.subscriptionId(), s.clientStateHash(), s.resource(), s.notificationUrl(),
                        timestamp(s.expiresAt()), timestamp(now), timestamp(now))
                .update();
    }

    public void renewed(String subscriptionId, Instant expiresAt, Instant now) {
        jdbc.sql("UPDATE graph_subscription SET expires_at = ?, renew_requested = FALSE, updated_at = ? WHERE subscription_id = ?")
                .params(timestamp(expiresAt), timestamp(now), subscriptionId).update();
    }

    public void requestRenewal(String subscriptionId) {
        jdbc.sql("UPDATE graph_subscription SET renew_requested = TRUE WHERE subscription_id = ?").param(subscriptionId).update();
    }

    public void requestRecreation(String subscriptionId) {
        jdbc.sql("UPDATE graph_subscription SET recreate_requested = TRUE WHERE subscription_id = ?").param(subscriptionId).update();
    }

    /** Forgets the connection's subscription and returns it, so the caller can delete it at Graph. */
    @Transactional
    public Optional<GraphSubscription> remove(long connectionId) {
        Optional<GraphSubscription> current = ofConnection(connectionId);
        current.ifPresent(s -> jdbc.sql("DELETE FROM graph_subscription WHERE subscription_id = ?").param(s.subscriptionId()).update());
        return current;
    }

    private GraphSubscription row(ResultSet rs, int n) throws SQLException {
        return new GraphSubscription(rs.getLong("connection_id"), rs.getString("subscription_id"),
                rs.getString("client_state_hash"), rs.getString("resource"), rs.getString("notification_url"),
                instant(rs, "expires_at"), rs.getBoolean("renew_requested"), rs.getBoolean("recreate_requested"));
    }
}
