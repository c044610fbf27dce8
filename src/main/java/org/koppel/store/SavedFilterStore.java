package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.crm.relation.SavedFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.web.util.UriComponentsBuilder;

/** Saved filters of the relation list; the filter is stored as the list's own query string. */
@Repository
public class SavedFilterStore {

    private final JdbcClient jdbc;

    public SavedFilterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long ownerId, String name, boolean shared, Map<String, String> filter, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO saved_filter (employee_id, name, shared, query, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(ownerId, name, shared, queryString(filter), timestamp(now)).update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<SavedFilter> find(long id) {
        return jdbc.sql("SELECT * FROM saved_filter WHERE id = ?").param(id).query(SavedFilterStore::row).optional();
    }

    public boolean nameTaken(long ownerId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM saved_filter WHERE employee_id = ? AND name = ?").params(ownerId, name)
                .query(Integer.class).single() > 0;
    }

    /** The employee's own filters and everyone's shared ones, by name. */
    public List<SavedFilter> visibleTo(long employeeId) {
        return jdbc.sql("SELECT * FROM saved_filter WHERE employee_id = ? OR shared = TRUE ORDER BY LOWER(name), id")
                .param(employeeId).query(SavedFilterStore::row).list();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM saved_filter WHERE id = ?").param(id).update();
    }

    private static String queryString(Map<String, String> filter) {
        var url = UriComponentsBuilder.newInstance();
        filter.forEach(url::queryParam);
        String query = url.encode().build().getQuery();
        return query == null ? "" : query;
    }

    private static SavedFilter row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        var params = new LinkedHashMap<String, String>();
        UriComponentsBuilder.newInstance().query(rs.getString("query")).build().getQueryParams()
                .forEach((k, v) -> params.put(k, java.net.URLDecoder.decode(v.getFirst(), java.nio.charset.StandardCharsets.UTF_8)));
        return new SavedFilter(rs.getLong("id"), rs.getLong("employee_id"), rs.getString("name"), rs.getBoolean("shared"),
                params, instant(rs, "created_at"));
    }
}
