package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one row of the Microsoft app settings (made by the migration, so there is always one). */
@Repository
public class MicrosoftAppStore {

    /** As stored: the client secret sealed by SecretBox, or null. */
    public record Row(String clientId, String sealedClientSecret, String tenant, String authorityBaseUrl,
                      String graphBaseUrl) {

        @Override
        public String toString() {
            // sealed, but still nothing for a log
            return "MicrosoftAppStore.Row[" + clientId + ", " + tenant + ", " + authorityBaseUrl + ", " + graphBaseUrl + "]";
        }
    }

    private final JdbcClient jdbc;

    public MicrosoftAppStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Row read() {
        return jdbc.sql("SELECT client_id, client_secret, tenant, authority_base_url, graph_base_url FROM microsoft_app WHERE id = 1")
                .query((rs, n) -> new Row(rs.getString("client_id"), rs.getString("client_secret"), rs.getString("tenant"),
                        rs.getString("authority_base_url"), rs.getString("graph_base_url")))
                .single();
    }

    public void write(Row row, long employeeId, Instant now) {
        jdbc.sql("""
                UPDATE microsoft_app SET client_id = ?, client_secret = ?, tenant = ?, authority_base_url = ?,
                       graph_base_url = ?, updated_at = ?, updated_by = ? WHERE id = 1""")
                .params(row.clientId(), row.sealedClientSecret(), row.tenant(), row.authorityBaseUrl(), row.graphBaseUrl(),
                        timestamp(now), employeeId)
                .update();
    }
}
