package org.koppel.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.koppel.connector.PeerException;
import org.koppel.connector.source.SourcePeers;
import org.koppel.connector.source.SourceRelationType;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.FieldProblem;
import org.koppel.security.KoppelUser;
import org.koppel.security.SecretBox;
import org.koppel.store.ConnectionStore;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * Activating a source-system connection as the product document's "Stap voor stap" does it: office number and
 * API key first (the connection waits, paused), then the source's relation types mapped to Koppel's, then
 * "Synchronise". The mapping lives in the connection's settings: {@code relationType.<source type id>} = the
 * Koppel relation type; a source type without one is not synced. {@code archived} says what a relation archived
 * in the source becomes in Koppel. Admins only: a source connection fills the organisation's relations.
 */
@Service
public class SourceMappings {

    /** Setting name prefix of the mapping; the rest is the source's relation type id. */
    public static final String RELATION_TYPE = SourceImports.TYPE_SETTING;
    public static final String ARCHIVED = RelationRecords.ARCHIVED_SETTING;
    /** The employee who becomes relation manager of imported relations; absent: the connection's owner. */
    public static final String MANAGER = SourceImports.MANAGER_SETTING;
    /** The status reason of a new source connection until its first "Synchronise". */
    public static final String WAITING_FOR_MAPPING = "Activated; waiting for its relation types to be mapped and 'Synchronise'";
    /** A Koppel relation type is a relation's free-text tag of at most this many characters (Relations checks it). */
    static final int MAX_KOPPEL_TYPE = 100;

    /** What a relation archived in the source becomes in Koppel; ACTIVE is the document's behaviour. */
    public enum Archived { ACTIVE, FORMER }

    /** One source relation type and the Koppel relation type it is synced as; {@code koppelType} null: not synced. */
    public record TypeMapping(String id, String name, String koppelType) {
    }

    /** The source's relation types with their mapping, or, when the source could not be asked, the stored mapping and why. */
    public record Mapping(List<TypeMapping> types, Archived archived, String sourceProblem) {
    }

    private final Connections connections;
    private final ConnectionStore store;
    private final SecretBox secrets;
    private final SourcePeers source;
    private final java.time.Clock clock;
    private final org.koppel.crm.employee.Employees employees;

    public SourceMappings(Connections connections, ConnectionStore store, SecretBox secrets, SourcePeers source,
                          java.time.Clock clock, org.koppel.crm.employee.Employees employees) {
        this.employees = employees;
        this.connections = connections;
        this.store = store;
        this.secrets = secrets;
        this.source = source;
        this.clock = clock;
    }

    /**
     * Creates the connection after the source has accepted the office number and key (SourcePeers.setUp), and
     * holds it paused: a run before the mapping would sync nothing and pass the whole change list by.
     */
    public Connection activate(String name, String url, String office, String apiKey, KoppelUser admin) {
        requireAdmin(admin);
        var settings = new LinkedHashMap<String, String>();
        putClean(settings, "url", url);
        putClean(settings, "office", office);
        settings.put(ARCHIVED, Archived.ACTIVE.name());
        Connection created = connections.create(SourcePeers.TYPE, name, settings,
                apiKey == null || apiKey.isEmpty() ? null : apiKey, admin);
        store.setStatus(created.id(), Connection.Status.PAUSED, WAITING_FOR_MAPPING, clock.instant());
        return connections.find(created.id(), admin);
    }

    /** A source connection, for its owner or an admin (to read; changing it needs an admin). */
    public Connection connection(long id, KoppelUser user) {
        Connection c = connections.find(id, user);
        if (!c.type().equals(SourcePeers.TYPE)) {
            throw new InvalidInputException("connection", "connection " + id + " is not a source-system connection");
        }
        return c;
    }

    /** Asks the source for its relation types, with the stored key (which never leaves this class). */
    public Mapping mapping(long id, KoppelUser user) {
        Connection c = connection(id, user);
        Map<String, String> settings = c.settings();
        List<TypeMapping> types = new ArrayList<>();
        String problem = null;
        try {
            for (SourceRelationType t : source.relationTypes(settings, secrets.open(store.sealedSecret(id)))) {
                types.add(new TypeMapping(t.id(), t.name(), settings.get(RELATION_TYPE + t.id())));
            }
        } catch (PeerException | InvalidInputException e) {
            // the stored mapping stays visible (and changeable) while the source is away
            problem = "The source system could not be asked for its relation types: " + e.getMessage();
            settings.forEach((key, value) -> {
                if (key.startsWith(RELATION_TYPE)) {
                    String typeId = key.substring(RELATION_TYPE.length());
                    types.add(new TypeMapping(typeId, typeId, value));
                }
            });
        }
        return new Mapping(types, archived(c), problem);
    }

    /** Blank: the connection's owner; else an active employee, or every import would fail on it. */
    private void checkManager(String manager, Map<String, String> changes, Checks checks) {
        String clean = Checks.clean(manager);
        if (clean == null) {
            changes.put(MANAGER, "");
            return;
        }
        try {
            if (employees.find(Long.parseLong(clean)).active()) {
                changes.put(MANAGER, clean);
                return;
            }
        } catch (NumberFormatException | org.koppel.crm.NotFoundException notAnEmployee) {
            // reported below
        }
        checks.problem(MANAGER, "'" + Checks.abbreviated(clean) + "' is not an active employee");
    }

    /** The relation manager a connection gives imported relations; null: its owner. */
    public static Long manager(Connection c) {
        String manager = c.settings().get(MANAGER);
        return manager == null || manager.isBlank() ? null : Long.valueOf(manager.strip());
    }

    public static Archived archived(Connection c) {
        return Archived.FORMER.name().equals(c.settings().get(ARCHIVED)) ? Archived.FORMER : Archived.ACTIVE;
    }

    /**
     * Stores the mapping: {@code koppelTypes} by source type id, a blank one (no longer) synced.
     *
     * @param requireOne when the admin asks to synchronise: with nothing mapped nothing would be synced
     */
    public Connection save(long id, Map<String, String> koppelTypes, String archived, String manager, boolean requireOne,
                           KoppelUser admin) {
        requireAdmin(admin);
        connection(id, admin);
        var checks = new Checks();
        var changes = new LinkedHashMap<String, String>();
        koppelTypes.forEach((typeId, koppelType) -> {
            String clean = Checks.clean(koppelType);
            checks.text(RELATION_TYPE + typeId, clean, MAX_KOPPEL_TYPE);
            changes.put(RELATION_TYPE + typeId, clean == null ? "" : clean);
        });
        if (archived != null) {
            if (Archived.ACTIVE.name().equals(archived) || Archived.FORMER.name().equals(archived)) {
                changes.put(ARCHIVED, archived);
            } else {
                checks.problem(ARCHIVED, "'" + Checks.abbreviated(archived) + "' is not a choice: ACTIVE or FORMER");
            }
        }
        if (manager != null) checkManager(manager, changes, checks);
        if (requireOne && changes.entrySet().stream().noneMatch(e -> e.getKey().startsWith(RELATION_TYPE) && !e.getValue().isEmpty())) {
            checks.problem(RELATION_TYPE, "map at least one relation type: only mapped relation types are synced");
        }
        checks.throwIfAny();
        try {
            return connections.updateSettings(id, changes, admin);
        } catch (InvalidInputException e) {
            // Connections names them settings.<name>; the form's inputs are the names themselves
            throw new InvalidInputException(e.problems().stream().map(p -> new FieldProblem(
                    p.field().startsWith("settings.") ? p.field().substring(9) : p.field(), p.reason())).toList());
        }
    }

    /** After the first "Synchronise": a connection still waiting for its mapping becomes active. */
    public Connection startIfWaiting(long id, KoppelUser admin) {
        requireAdmin(admin);
        Connection c = connection(id, admin);
        if (c.status() == Connection.Status.PAUSED && WAITING_FOR_MAPPING.equals(c.statusReason())) {
            return connections.resume(id, admin);
        }
        return c;
    }

    private static void requireAdmin(KoppelUser user) {
        if (!user.admin()) throw new AccessDeniedException("activating or mapping a source system needs the admin role");
    }

    private static void putClean(Map<String, String> settings, String key, String value) {
        String clean = Checks.clean(value);
        if (clean != null) settings.put(key, clean);
    }
}
