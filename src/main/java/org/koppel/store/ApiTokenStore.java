package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.koppel.security.ApiToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class ApiTokenStore {

    private final JdbcClient jdbc;

    public ApiTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long employeeId, String name, String tokenHash, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO api_token (employee_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")
                .params(employeeId, name, tokenHash, timestamp(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<ApiToken> findByHash(String tokenHash) {
        return jdbc.sql("SELECT * FROM api_token WHERE token_hash = ?").param(tokenHash).query(this::token).optional();
    }

    public List<ApiToken> ofEmployee(long employeeId) {
        return jdbc.sql("SELECT * FROM api_token WHERE employee_id = ? ORDER BY id").param(employeeId)
                .query(this::token).list();
    }

    public boolean delete(long id, long employeeId) {
        return jdbc.sql("DELETE FROM api_token WHERE id = ? AND employee_id = ?").params(id, employeeId).update() == 1;
    }

    public void touch(long id, Instant now) {
        jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(timestamp(now), id).update();
    }

    private ApiToken token(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("employee_id"), rs.getString("name"),
                instant(rs, "created_at"), instant(rs, "last_used_at"));
    }
}
