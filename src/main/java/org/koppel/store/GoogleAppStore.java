package org.koppel.store;

import static org.koppel.store.Rows.timestamp;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one row of the Google app settings (made by the migration, so there is always one). */
@Repository
public class GoogleAppStore {

    /** As stored: the client secret sealed by SecretBox, or null. */
    public record Row(String clientId, String sealedClientSecret, String authorizationUrl, String tokenUrl,
                      String revocationUrl, String peopleBaseUrl, String calendarBaseUrl, String tasksBaseUrl) {

        @Override
        public String toString() {
            // sealed, but still nothing for a log
            return "GoogleAppStore.Row[" + clientId + ", " + tokenUrl + "]";
        }
    }

    private final JdbcClient jdbc;

    public GoogleAppStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Row read() {
        return jdbc.sql("""
                SELECT client_id, client_secret, authorization_url, token_url, revocation_url, people_base_url,
                       calendar_base_url, tasks_base_url FROM google_app WHERE id = 1""")
                .query((rs, n) -> new Row(rs.getString("client_id"), rs.getString("client_secret"),
                        rs.getString("authorization_url"), rs.getString("token_url"), rs.getString("revocation_url"),
                        rs.getString("people_base_url"), rs.getString("calendar_base_url"), rs.getString("tasks_base_url")))
                .single();
    }

    public void write(Row row, long employeeId, Instant now) {
        jdbc.sql("""
                UPDATE google_app SET client_id = ?, client_secret = ?, authorization_url = ?, token_url = ?,
                       revocation_url = ?, people_base_url = ?, calendar_base_url = ?, tasks_base_url = ?,
                       updated_at = ?, updated_by = ? WHERE id = 1""")
                .params(row.clientId(), row.sealedClientSecret(), row.authorizationUrl(), row.tokenUrl(), row.revocationUrl(),
                        row.peopleBaseUrl(), row.calendarBaseUrl(), row.tasksBaseUrl(), timestamp(now), employeeId)
                .update();
    }
}
