package org.koppel.store;

import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.crm.group.Group;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class GroupStore {

    private final JdbcClient jdbc;

    public GroupStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(Group g, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO relation_group (name, main_group, owner_id, is_public, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 1, ?, ?)""")
                .params(g.name(), g.mainGroup(), g.ownerId(), g.isPublic(), timestamp(now), timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        insertMembers(id, g.memberIds());
        return id;
    }

    public boolean update(long id, long expectedVersion, Group g, Instant now) {
        int rows = jdbc.sql("""
                UPDATE relation_group SET name = ?, main_group = ?, owner_id = ?, is_public = ?, version = version + 1,
                       updated_at = ?
                WHERE id = ? AND version = ?""")
                .params(g.name(), g.mainGroup(), g.ownerId(), g.isPublic(), timestamp(now), id, expectedVersion)
                .update();
        if (rows == 0) return false;
        jdbc.sql("DELETE FROM group_member WHERE group_id = ?").param(id).update();
        insertMembers(id, g.memberIds());
        return true;
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM relation_group WHERE id = ?").param(id).update();
    }

    public Optional<Group> find(long id) {
        return load("WHERE id = :v", id).stream().findFirst();
    }

    public Optional<Long> findId(String mainGroup, String name) {
        return jdbc.sql("SELECT id FROM relation_group WHERE main_group = ? AND name = ?").params(mainGroup, name)
                .query(Long.class).optional();
    }

    public List<Group> all() {
        return load("", null);
    }

    /** Every group without its members: what a pick list of groups shows, at the cost of one light query. */
    public List<Group> allWithoutMembers() {
        return jdbc.sql("SELECT * FROM relation_group ORDER BY main_group, name")
                .query(GroupStore::withoutMembers).list();
    }

    private void insertMembers(long id, List<Long> members) {
        for (Long member : members) {
            jdbc.sql("INSERT INTO group_member (group_id, relation_id) VALUES (?, ?)").params(id, member).update();
        }
    }

    private List<Group> load(String where, Object value) {
        var spec = jdbc.sql("SELECT * FROM relation_group " + where + " ORDER BY main_group, name");
        if (value != null) spec = spec.param("v", value);
        List<Group> rows = spec.query(GroupStore::withoutMembers).list();
        if (rows.isEmpty()) return rows;
        Map<Long, List<Long>> members = new HashMap<>();
        jdbc.sql("SELECT group_id, relation_id FROM group_member WHERE group_id IN (:ids) ORDER BY relation_id")
                .param("ids", rows.stream().map(Group::id).toList())
                .query((rs, n) -> members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)))
                .list();
        return rows.stream().map(g -> new Group(g.id(), g.version(), g.name(), g.mainGroup(), g.ownerId(), g.isPublic(),
                members.getOrDefault(g.id(), List.of()), g.createdAt(), g.updatedAt())).toList();
    }

    private static Group withoutMembers(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Group(rs.getLong("id"), rs.getLong("version"), rs.getString("name"), rs.getString("main_group"),
                rs.getLong("owner_id"), rs.getBoolean("is_public"), List.of(), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
