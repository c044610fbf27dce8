package org.koppel.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koppel.crm.employee.UserGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class UserGroupStore {

    private final JdbcClient jdbc;

    public UserGroupStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(UserGroup group) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO user_group (name) VALUES (?)").param(group.name()).update(keys, "id");
        long id = keys.getKey().longValue();
        members(id, group.memberIds());
        return id;
    }

    public void update(long id, UserGroup group) {
        jdbc.sql("UPDATE user_group SET name = ? WHERE id = ?").params(group.name(), id).update();
        jdbc.sql("DELETE FROM user_group_member WHERE group_id = ?").param(id).update();
        members(id, group.memberIds());
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM sync_setting WHERE scope = 'USER_GROUP' AND scope_id = ?").param(id).update();
        jdbc.sql("DELETE FROM user_group WHERE id = ?").param(id).update();
    }

    public Optional<Long> idOf(String name) {
        return jdbc.sql("SELECT id FROM user_group WHERE name = ?").param(name).query(Long.class).optional();
    }

    public List<UserGroup> all() {
        Map<Long, List<Long>> members = new HashMap<>();
        jdbc.sql("SELECT group_id, employee_id FROM user_group_member ORDER BY employee_id")
                .query((rs, n) -> members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2))).list();
        return jdbc.sql("SELECT id, name FROM user_group ORDER BY name")
                .query((rs, n) -> new UserGroup(rs.getLong(1), rs.getString(2), members.getOrDefault(rs.getLong(1), List.of())))
                .list();
    }

    private void members(long id, List<Long> employees) {
        for (Long e : employees) {
            jdbc.sql("INSERT INTO user_group_member (group_id, employee_id) VALUES (?, ?)").params(id, e).update();
        }
    }
}
