package org.koppel.store;

import static org.koppel.store.Rows.date;
import static org.koppel.store.Rows.enumOrNull;
import static org.koppel.store.Rows.instant;
import static org.koppel.store.Rows.name;
import static org.koppel.store.Rows.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.Checks;
import org.koppel.crm.Page;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;
import org.koppel.crm.relation.RelationQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Relations in SQL: the shared {@code relation} row, one kind-specific row, and the lists
 * (owners, relation types, addresses, custom values, contact roles) in tables of their own.
 * Writes replace the lists whole; reads load a page of relations in a fixed number of queries.
 */
@Repository
public class RelationStore {

    private final JdbcClient jdbc;

    public RelationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new relation at version 1 and returns its id. */
    public long insert(Relation relation, Map<String, String> customValues, String searchText, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO relation (kind, display_name, manager_id, former, comment, search_text, sort_name, sort_city,
                                      version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(relation.kind().name(), relation.displayName(), relation.managerId(), relation.former(),
                        relation.comment(), searchText, sortName(relation), sortCity(relation), timestamp(now), timestamp(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        insertDetails(id, relation);
        insertParts(id, relation, customValues);
        return id;
    }

    /** Replaces a live relation's content if it is still at {@code expectedVersion}; false otherwise. */
    public boolean update(long id, long expectedVersion, Relation relation, Map<String, String> customValues,
                          String searchText, Instant now) {
        int rows = jdbc.sql("""
                UPDATE relation SET display_name = ?, manager_id = ?, former = ?, comment = ?, search_text = ?,
                       sort_name = ?, sort_city = ?, version = version + 1, updated_at = ?
                WHERE id = ? AND version = ? AND deleted_at IS NULL""")
                .params(relation.displayName(), relation.managerId(), relation.former(), relation.comment(), searchText,
                        sortName(relation), sortCity(relation), timestamp(now), id, expectedVersion)
                .update();
        if (rows == 0) return false;
        deleteDetailsAndParts(id);
        insertDetails(id, relation);
        insertParts(id, relation, customValues);
        return true;
    }

    /** Sets or clears the soft-delete mark if the relation is at {@code expectedVersion}. */
    public boolean markDeleted(long id, long expectedVersion, Instant deletedAt, Instant now) {
        return jdbc.sql("UPDATE relation SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
                .params(timestamp(deletedAt), timestamp(now), id, expectedVersion)
                .update() == 1;
    }

    public Optional<Relation> find(long id) {
        return load(List.of(id)).stream().findFirst();
    }

    public Page<Relation> search(RelationQuery query) {
        var params = new HashMap<String, Object>();
        String condition = condition(query, params);
        long total = count(condition, params);
        params.put("limit", query.size());
        params.put("offset", (long) query.page() * query.size());
        List<Long> ids = jdbc.sql(sortedSelect(query, condition) + " LIMIT :limit OFFSET :offset")
                .params(params).query(Long.class).list();
        return new Page<>(load(ids), query.page(), query.size(), total);
    }

    /**
     * The ids of every relation the query matches (its page and size ignored), in its order, at most
     * {@code limit}: what an export writes and a bulk change "of all matching" changes.
     */
    public List<Long> searchIds(RelationQuery query, int limit) {
        var params = new HashMap<String, Object>();
        String condition = condition(query, params);
        params.put("limit", limit);
        return jdbc.sql(sortedSelect(query, condition) + " LIMIT :limit").params(params).query(Long.class).list();
    }

    /** How many relations the query matches. */
    public long count(RelationQuery query) {
        var params = new HashMap<String, Object>();
        return count(condition(query, params), params);
    }

    private long count(String condition, Map<String, Object> params) {
        return jdbc.sql("SELECT COUNT(*) FROM relation r WHERE " + condition).params(params).query(Long.class).single();
    }

    /**
     * Each order ends on the id, so it is total and a page boundary never falls between equal rows
     * differently from one query to the next. The columns are those of V19's indexes; only the
     * manager's name needs a join (there are few employees, so few distinct values to sort).
     */
    private static String sortedSelect(RelationQuery query, String condition) {
        String dir = query.descending() ? " DESC" : " ASC";
        return switch (query.sort()) {
            case NAME -> "SELECT r.id FROM relation r WHERE " + condition + " ORDER BY r.sort_name" + dir + ", r.id" + dir;
            case KIND -> "SELECT r.id FROM relation r WHERE " + condition
                    + " ORDER BY r.kind" + dir + ", r.sort_name" + dir + ", r.id" + dir;
            case CITY -> "SELECT r.id FROM relation r WHERE " + condition
                    + " ORDER BY r.sort_city" + dir + " NULLS LAST, r.sort_name" + dir + ", r.id" + dir;
            case CHANGED -> "SELECT r.id FROM relation r WHERE " + condition + " ORDER BY r.updated_at" + dir + ", r.id" + dir;
            case MANAGER -> "SELECT r.id FROM relation r JOIN employee e ON e.id = r.manager_id WHERE " + condition
                    + " ORDER BY LOWER(e.display_name)" + dir + ", r.manager_id" + dir + ", r.sort_name" + dir + ", r.id" + dir;
        };
    }

    private static String condition(RelationQuery query, Map<String, Object> params) {
        var where = new ArrayList<String>();
        where.add(query.deleted() ? "r.deleted_at IS NOT NULL" : "r.deleted_at IS NULL");
        if (query.kind() != null) {
            where.add("r.kind = :kind");
            params.put("kind", query.kind().name());
        }
        if (query.q() != null) {
            String q = query.q().toLowerCase(Locale.ROOT);
            String digits = q.matches("[+0-9 ()./-]{4,}") ? Checks.phoneDigits(q) : null;
            where.add(digits == null ? "r.search_text LIKE :q ESCAPE '\\'"
                    : "(r.search_text LIKE :q ESCAPE '\\' OR r.search_text LIKE :qDigits ESCAPE '\\')");
            params.put("q", "%" + likeEscape(q) + "%");
            if (digits != null) params.put("qDigits", "%" + likeEscape(digits) + "%");
        }
        if (query.email() != null) {
            where.add("r.search_text LIKE :email ESCAPE '\\'");
            params.put("email", "%|" + likeEscape(query.email().strip().toLowerCase(Locale.ROOT)) + "|%");
        }
        if (query.phone() != null) {
            where.add("r.search_text LIKE :phone ESCAPE '\\'");
            params.put("phone", "%|" + likeEscape(Checks.phoneDigits(query.phone())) + "|%");
        }
        if (query.managerId() != null) {
            where.add("r.manager_id = :manager");
            params.put("manager", query.managerId());
        }
        if (query.ownerId() != null) {
            where.add("EXISTS (SELECT 1 FROM relation_owner o WHERE o.relation_id = r.id AND o.employee_id = :owner)");
            params.put("owner", query.ownerId());
        }
        if (query.former() != null) {
            where.add("r.former = :former");
            params.put("former", query.former());
        }
        if (query.groupId() != null) {
            where.add("EXISTS (SELECT 1 FROM group_member g WHERE g.relation_id = r.id AND g.group_id = :groupId)");
            params.put("groupId", query.groupId());
        }
        if (query.syncFlaggedBy() != null) {
            where.add("EXISTS (SELECT 1 FROM sync_flag s WHERE s.relation_id = r.id AND s.employee_id = :flaggedBy)");
            params.put("flaggedBy", query.syncFlaggedBy());
        }
        return String.join(" AND ", where);
    }

    private static String sortName(Relation relation) {
        return relation.displayName() == null ? "" : relation.displayName().toLowerCase(Locale.ROOT);
    }

    /** The city of the first address: what the list shows and sorts by. */
    private static String sortCity(Relation relation) {
        if (relation.addresses() == null || relation.addresses().isEmpty()) return null;
        String city = relation.addresses().getFirst().city();
        return city == null ? null : city.toLowerCase(Locale.ROOT);
    }

    /** All relations, deleted ones included. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM relation").query(Long.class).single();
    }

    /** The kind of each given relation id that exists (deleted or not). */
    /**
     * The relation type names in use, alphabetically, at most {@code limit}: what a form offers as Koppel's
     * relation types (they are free text, so the ones in use are the list there is).
     */
    public List<String> relationTypeNames(int limit) {
        return jdbc.sql("SELECT DISTINCT name FROM relation_type_tag ORDER BY name LIMIT ?").param(limit)
                .query(String.class).list();
    }

    /** The live persons with a contact role at this organisation, by name: the people an organisation's page lists. */
    public List<Long> contactPersonsAt(long organisationId, int limit) {
        return jdbc.sql("""
                SELECT r.id FROM relation r JOIN contact_role c ON c.person_id = r.id
                WHERE c.organisation_id = ? AND r.deleted_at IS NULL ORDER BY r.display_name, r.id LIMIT ?""")
                .params(organisationId, limit).query(Long.class).list();
    }

    public Map<Long, RelationKind> kinds(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        var kinds = new HashMap<Long, RelationKind>();
        jdbc.sql("SELECT id, kind FROM relation WHERE id IN (:ids)").param("ids", ids)
                .query((rs, n) -> kinds.put(rs.getLong("id"), RelationKind.valueOf(rs.getString("kind")))).list();
        return kinds;
    }

    /** The kinds of those of the given relations that exist and are not deleted: what a new link may point at. */
    public Map<Long, RelationKind> liveKinds(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        var kinds = new HashMap<Long, RelationKind>();
        jdbc.sql("SELECT id, kind FROM relation WHERE id IN (:ids) AND deleted_at IS NULL").param("ids", ids)
                .query((rs, n) -> kinds.put(rs.getLong("id"), RelationKind.valueOf(rs.getString("kind")))).list();
        return kinds;
    }

    /** How the given relations are listed (organisation names, person names), by id: one light query. */
    /**
     * The live persons and organisations, not employees, with one of these e-mail addresses (private,
     * at an organisation, or the organisation's own) or exactly one of these names, case ignored: the
     * relations a peer appointment concerns.
     */
    public java.util.List<Long> matching(Collection<String> emails, Collection<String> names) {
        var lowerEmails = emails.stream().map(e -> e.strip().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        var lowerNames = names.stream().map(n -> n.strip().toLowerCase(java.util.Locale.ROOT)).distinct().toList();
        var any = new java.util.ArrayList<String>();
        if (!lowerEmails.isEmpty()) {
            any.add("r.id IN (SELECT relation_id FROM person WHERE LOWER(private_email) IN (:emails))");
            any.add("r.id IN (SELECT person_id FROM contact_role WHERE LOWER(email) IN (:emails))");
            any.add("r.id IN (SELECT relation_id FROM organisation WHERE LOWER(email) IN (:emails))");
        }
        if (!lowerNames.isEmpty()) any.add("LOWER(r.display_name) IN (:names)");
        if (any.isEmpty()) return java.util.List.of();
        var params = new java.util.HashMap<String, Object>();
        if (!lowerEmails.isEmpty()) params.put("emails", lowerEmails);
        if (!lowerNames.isEmpty()) params.put("names", lowerNames);
        return jdbc.sql("SELECT r.id FROM relation r WHERE r.deleted_at IS NULL AND r.kind IN ('PERSON', 'ORGANISATION') "
                        + "AND r.id NOT IN (SELECT person_id FROM employee WHERE person_id IS NOT NULL) AND ("
                        + String.join(" OR ", any) + ") ORDER BY r.id")
                .params(params).query(Long.class).list();
    }

    /**
     * The live organisation of exactly this name, case ignored, not former (the oldest if there are
     * several): where a card imported as a person gets its contact role.
     */
    public Optional<Long> organisationNamed(String name) {
        return jdbc.sql("""
                SELECT r.id FROM relation r JOIN organisation o ON o.relation_id = r.id
                WHERE LOWER(o.name) = ? AND r.deleted_at IS NULL AND r.former = FALSE ORDER BY r.id LIMIT 1""")
                .param(name.strip().toLowerCase(Locale.ROOT)).query(Long.class).optional();
    }

    /**
     * Live relations holding one of these e-mail addresses (case ignored) or phone numbers (compared
     * as international digits), through the search text every write keeps, at most {@code limit}:
     * the import queue's suggestions of a relation a card may already be.
     */
    public List<Long> withEmailOrPhone(Collection<String> emails, Collection<String> phones, int limit) {
        var any = new ArrayList<String>();
        var params = new HashMap<String, Object>();
        int i = 0;
        for (String email : emails) {
            any.add("r.search_text LIKE :t" + i + " ESCAPE '\\'");
            params.put("t" + i++, "%|" + likeEscape(email.strip().toLowerCase(Locale.ROOT)) + "|%");
        }
        for (String phone : phones) {
            String digits = Checks.phoneDigits(phone);
            if (digits.length() < 4) continue; // "112" or an extension alone says nothing about who it is
            any.add("r.search_text LIKE :t" + i + " ESCAPE '\\'");
            params.put("t" + i++, "%|" + likeEscape(digits) + "|%");
        }
        if (any.isEmpty()) return List.of();
        params.put("limit", limit);
        return jdbc.sql("SELECT r.id FROM relation r WHERE r.deleted_at IS NULL AND (" + String.join(" OR ", any)
                + ") ORDER BY r.former, r.id LIMIT :limit").params(params).query(Long.class).list();
    }

    public Map<Long, String> displayNames(Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        var names = new HashMap<Long, String>();
        jdbc.sql("SELECT id, display_name FROM relation WHERE id IN (:ids)").param("ids", ids)
                .query((rs, n) -> names.put(rs.getLong(1), rs.getString(2))).list();
        return names;
    }

    public boolean setSyncFlag(long relationId, long employeeId, boolean flagged, Instant now) {
        if (!flagged) {
            return jdbc.sql("DELETE FROM sync_flag WHERE relation_id = ? AND employee_id = ?")
                    .params(relationId, employeeId).update() == 1;
        }
        boolean present = jdbc.sql("SELECT COUNT(*) FROM sync_flag WHERE relation_id = ? AND employee_id = ?")
                .params(relationId, employeeId).query(Integer.class).single() > 0;
        if (present) return false;
        jdbc.sql("INSERT INTO sync_flag (relation_id, employee_id, flagged_at) VALUES (?, ?, ?)")
                .params(relationId, employeeId, timestamp(now)).update();
        return true;
    }

    public Set<Long> syncFlaggedBy(long employeeId, Collection<Long> relationIds) {
        if (relationIds.isEmpty()) return Set.of();
        return Set.copyOf(jdbc.sql("SELECT relation_id FROM sync_flag WHERE employee_id = :e AND relation_id IN (:ids)")
                .param("e", employeeId).param("ids", relationIds).query(Long.class).list());
    }

    // ---- writing ---------------------------------------------------------------------------

    private void insertDetails(long id, Relation relation) {
        switch (relation) {
            case Organisation o -> jdbc.sql("""
                    INSERT INTO organisation (relation_id, name, phone, email, website, coc_number) VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(id, o.name(), o.phone(), o.email(), o.website(), o.cocNumber()).update();
            case Person p -> {
                jdbc.sql("""
                        INSERT INTO person (relation_id, initials, first_name, calling_name, infix, last_name, birth_date,
                                            gender, salutation, private_email, private_phone, private_mobile)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(id, p.initials(), p.firstName(), p.callingName(), p.infix(), p.lastName(),
                                date(p.birthDate()), name(p.gender()), p.salutation(), p.privateEmail(),
                                p.privatePhone(), p.privateMobile())
                        .update();
                int position = 0;
                for (ContactRole role : p.contactRoles()) {
                    jdbc.sql("""
                            INSERT INTO contact_role (person_id, position, organisation_id, email, phone, mobile, job_title)
                            VALUES (?, ?, ?, ?, ?, ?, ?)""")
                            .params(id, position++, role.organisationId(), role.email(), role.phone(), role.mobile(),
                                    role.jobTitle())
                            .update();
                }
            }
            case Lead l -> jdbc.sql("""
                    INSERT INTO lead_relation (relation_id, company_name, first_name, infix, last_name, email, phone, mobile,
                                               job_title, source, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, l.companyName(), l.firstName(), l.infix(), l.lastName(), l.email(), l.phone(),
                            l.mobile(), l.jobTitle(), l.source(), name(l.status()))
                    .update();
        }
    }

    private void insertParts(long id, Relation relation, Map<String, String> customValues) {
        for (Long owner : relation.ownerIds()) {
            jdbc.sql("INSERT INTO relation_owner (relation_id, employee_id) VALUES (?, ?)").params(id, owner).update();
        }
        int position = 0;
        for (String type : relation.relationTypes()) {
            jdbc.sql("INSERT INTO relation_type_tag (relation_id, position, name) VALUES (?, ?, ?)")
                    .params(id, position++, type).update();
        }
        position = 0;
        for (Address a : relation.addresses()) {
            jdbc.sql("""
                    INSERT INTO address (relation_id, position, type, street, house_number, postal_code, city, region, country)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, position++, name(a.type()), a.street(), a.houseNumber(), a.postalCode(), a.city(),
                            a.region(), a.country())
                    .update();
        }
        customValues.forEach((key, value) -> jdbc.sql("""
                        INSERT INTO custom_value (relation_id, field_id, stored_value)
                        SELECT ?, id, ? FROM custom_field WHERE record_type = ? AND field_key = ?""")
                .params(id, value, relation.kind().name(), key).update());
    }

    private void deleteDetailsAndParts(long id) {
        for (String table : List.of("organisation", "person", "lead_relation", "relation_owner", "relation_type_tag",
                "address", "custom_value")) {
            jdbc.sql("DELETE FROM " + table + " WHERE relation_id = ?").param(id).update();
        }
        jdbc.sql("DELETE FROM contact_role WHERE person_id = ?").param(id).update();
    }

    // ---- reading ---------------------------------------------------------------------------

    private record Header(long id, RelationKind kind, long managerId, boolean former, String comment, long version,
                          Instant createdAt, Instant updatedAt, Instant deletedAt) {
    }

    /** The list-valued parts of a batch of relations, by relation id. */
    private record Parts(Map<Long, List<Long>> owners, Map<Long, List<String>> types, Map<Long, List<Address>> addresses,
                         Map<Long, Map<String, Object>> custom, Map<Long, List<ContactRole>> roles,
                         Map<Long, Long> employeeByPerson) {

        List<Long> owners(long id) {
            return owners.getOrDefault(id, List.of());
        }

        List<String> types(long id) {
            return types.getOrDefault(id, List.of());
        }

        List<Address> addresses(long id) {
            return addresses.getOrDefault(id, List.of());
        }

        Map<String, Object> custom(long id) {
            return custom.getOrDefault(id, Map.of());
        }

        List<ContactRole> roles(long id) {
            return roles.getOrDefault(id, List.of());
        }
    }

    /** Ids per query: PostgreSQL takes at most 65,535 parameters, and H2 compares a long IN list row by row. */
    private static final int LOAD_CHUNK = 1000;

    /**
     * Loads the given relations, in the order given; ids that do not exist are left out. Any number:
     * a sync run may read back the 50,000 relations it imported.
     */
    public List<Relation> load(List<Long> ids) {
        if (ids.size() <= LOAD_CHUNK) return loadChunk(ids);
        var all = new ArrayList<Relation>(ids.size());
        for (int i = 0; i < ids.size(); i += LOAD_CHUNK) all.addAll(loadChunk(ids.subList(i, Math.min(ids.size(), i + LOAD_CHUNK))));
        return all;
    }

    private List<Relation> loadChunk(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        Map<Long, Header> headers = new HashMap<>();
        jdbc.sql("SELECT * FROM relation WHERE id IN (:ids)").param("ids", ids)
                .query((rs, n) -> headers.put(rs.getLong("id"), header(rs))).list();
        Parts parts = parts(ids);
        Map<Long, Relation> loaded = new HashMap<>();
        for (RelationKind kind : RelationKind.values()) {
            List<Long> ofKind = headers.values().stream().filter(h -> h.kind() == kind).map(Header::id).toList();
            if (ofKind.isEmpty()) continue;
            String table = switch (kind) {
                case ORGANISATION -> "organisation";
                case PERSON -> "person";
                case LEAD -> "lead_relation";
            };
            jdbc.sql("SELECT * FROM " + table + " WHERE relation_id IN (:ids)").param("ids", ofKind)
                    .query((rs, n) -> {
                        Header h = headers.get(rs.getLong("relation_id"));
                        return loaded.put(h.id(), relation(kind, rs, h, parts));
                    }).list();
        }
        return ids.stream().map(loaded::get).filter(Objects::nonNull).toList();
    }

    private Parts parts(List<Long> ids) {
        Map<Long, List<Long>> owners = new HashMap<>();
        jdbc.sql("SELECT relation_id, employee_id FROM relation_owner WHERE relation_id IN (:ids) ORDER BY employee_id")
                .param("ids", ids)
                .query((rs, n) -> owners.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2))).list();
        Map<Long, List<String>> types = new HashMap<>();
        jdbc.sql("SELECT relation_id, name FROM relation_type_tag WHERE relation_id IN (:ids) ORDER BY position")
                .param("ids", ids)
                .query((rs, n) -> types.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2))).list();
        Map<Long, List<Address>> addresses = new HashMap<>();
        jdbc.sql("SELECT * FROM address WHERE relation_id IN (:ids) ORDER BY position").param("ids", ids)
                .query((rs, n) -> addresses.computeIfAbsent(rs.getLong("relation_id"), k -> new ArrayList<>())
                        .add(new Address(AddressType.valueOf(rs.getString("type")), rs.getString("street"),
                                rs.getString("house_number"), rs.getString("postal_code"), rs.getString("city"),
                                rs.getString("region"), rs.getString("country"))))
                .list();
        Map<Long, Map<String, Object>> custom = new HashMap<>();
        jdbc.sql("""
                SELECT v.relation_id, f.field_key, f.type, v.stored_value FROM custom_value v JOIN custom_field f ON f.id = v.field_id
                WHERE v.relation_id IN (:ids) ORDER BY f.position, f.id""")
                .param("ids", ids)
                .query((rs, n) -> custom.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), CustomFieldType.valueOf(rs.getString(3)).decode(rs.getString(4))))
                .list();
        Map<Long, List<ContactRole>> roles = new HashMap<>();
        jdbc.sql("SELECT * FROM contact_role WHERE person_id IN (:ids) ORDER BY position").param("ids", ids)
                .query((rs, n) -> roles.computeIfAbsent(rs.getLong("person_id"), k -> new ArrayList<>())
                        .add(new ContactRole(rs.getLong("organisation_id"), rs.getString("email"), rs.getString("phone"),
                                rs.getString("mobile"), rs.getString("job_title"))))
                .list();
        Map<Long, Long> employees = jdbc.sql("SELECT person_id, id FROM employee WHERE person_id IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new Parts(owners, types, addresses, custom, roles, employees);
    }

    private static Header header(ResultSet rs) throws SQLException {
        return new Header(rs.getLong("id"), RelationKind.valueOf(rs.getString("kind")), rs.getLong("manager_id"),
                rs.getBoolean("former"), rs.getString("comment"), rs.getLong("version"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "deleted_at"));
    }

    private static Relation relation(RelationKind kind, ResultSet rs, Header h, Parts parts) throws SQLException {
        long id = h.id();
        return switch (kind) {
            case ORGANISATION -> new Organisation(id, h.version(), rs.getString("name"), rs.getString("phone"),
                    rs.getString("email"), rs.getString("website"), rs.getString("coc_number"), h.managerId(),
                    parts.owners(id), h.former(), parts.types(id), parts.addresses(id), h.comment(), parts.custom(id),
                    h.createdAt(), h.updatedAt(), h.deletedAt());
            case PERSON -> new Person(id, h.version(), rs.getString("initials"), rs.getString("first_name"),
                    rs.getString("calling_name"), rs.getString("infix"), rs.getString("last_name"),
                    date(rs, "birth_date"), enumOrNull(Gender.class, rs.getString("gender")), rs.getString("salutation"),
                    rs.getString("private_email"), rs.getString("private_phone"), rs.getString("private_mobile"),
                    parts.roles(id), parts.employeeByPerson().get(id), h.managerId(), parts.owners(id), h.former(),
                    parts.types(id), parts.addresses(id), h.comment(), parts.custom(id), h.createdAt(), h.updatedAt(),
                    h.deletedAt());
            case LEAD -> new Lead(id, h.version(), rs.getString("company_name"), rs.getString("first_name"),
                    rs.getString("infix"), rs.getString("last_name"), rs.getString("email"), rs.getString("phone"),
                    rs.getString("mobile"), rs.getString("job_title"), rs.getString("source"),
                    enumOrNull(LeadStatus.class, rs.getString("status")), h.managerId(), parts.owners(id), h.former(),
                    parts.types(id), parts.addresses(id), h.comment(), parts.custom(id), h.createdAt(), h.updatedAt(),
                    h.deletedAt());
        };
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
