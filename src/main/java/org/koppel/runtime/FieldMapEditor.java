package org.koppel.runtime;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.UnprocessableException;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.CustomFieldStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncConfigStore.StoredRow;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap.EmptyDefault;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The field maps of contacts, appointments and tasks as admins change them (DESIGN.md rule 10; the
 * webCRM document's "fixed vs changeable"): changeable rows get another direction, are removed,
 * added and put in another order; fixed rows, the ones a record cannot sync without, stay as they
 * are. A contact row may map a custom field to its custom slot, and a custom pick list's row says
 * what a record a peer creates without a value gets. A row is checked before it is stored, so no
 * run ever meets a field it cannot read.
 *
 * <p>Appointments and tasks have no custom fields and their connectors know one slot per field, so
 * their rows are the fixed pairs of V11 and V12: a removed row can be added back, nothing else.
 */
@Service
public class FieldMapEditor {

    /** The data types with a field map admins edit; a source system's map (RELATIONS) is its connection's. */
    public static final List<DataType> EDITABLE = List.of(DataType.CONTACTS, DataType.APPOINTMENTS, DataType.TASKS);

    /** What a row may be added as: role (contacts only), CRM field, slot, direction, the empty pick list's default. */
    public record Input(String role, String crmField, String slot, String direction, String emptyDefault,
                        String defaultValue) {
    }

    /** A change to a row; what is left out stays as it is. */
    public record Change(String direction, String emptyDefault, String defaultValue) {
    }

    /**
     * A row as the API shows it. {@code emptyDefault}, {@code defaultValue} and {@code options} only
     * on a row of a custom pick list (null elsewhere).
     */
    public record Shown(long id, PersonRole role, String crmField, String slot, String slotLabel, RowDirection direction,
                        boolean fixed, int position, EmptyDefault emptyDefault, String defaultValue, List<String> options) {
    }

    private static final Set<RowDirection> STORED_DIRECTIONS =
            EnumSet.of(RowDirection.BOTH, RowDirection.CRM_TO_PEER, RowDirection.PEER_TO_CRM);

    /** The field-to-slot pairs a connector of appointments or tasks knows (V11), in their usual order. */
    private static final Map<DataType, Map<String, String>> AGENDA_PAIRS = Map.of(
            DataType.APPOINTMENTS, ordered("subject", "subject", "start", "start", "end", "end", "timeZone", "timeZone",
                    "location", "location", "description", "description", "reminderMinutes", "reminder",
                    "visibility", "private", "recurrence", "recurrence", "exceptions", "exceptions", "occurrenceEdits", "occurrenceEdits"),
            DataType.TASKS, ordered("subject", "subject", "dueDate", "due", "status", "status", "priority", "priority",
                    "notes", "notes"));

    private final SyncConfigStore config;
    private final CustomFieldStore customFields;

    public FieldMapEditor(SyncConfigStore config, CustomFieldStore customFields) {
        this.config = config;
        this.customFields = customFields;
    }

    /** The data type a path names ("contacts"); 404 for one without an editable field map. */
    public static DataType dataType(String name) {
        return EDITABLE.stream().filter(t -> t.name().equalsIgnoreCase(name == null ? "" : name)).findFirst()
                .orElseThrow(() -> new NotFoundException("field map of data type", Checks.abbreviated(String.valueOf(name))));
    }

    public List<Shown> rows(DataType type) {
        List<CustomField> fields = customFields.all();
        return config.fieldMapRows(type).stream().map(s -> shown(type, s, fields)).toList();
    }

    /** The CRM field and slot pairs of appointments or tasks that are not mapped now (an admin may add them back). */
    public Map<String, String> missingAgendaPairs(DataType type) {
        var missing = new LinkedHashMap<>(AGENDA_PAIRS.getOrDefault(type, Map.of()));
        config.fieldMapRows(type).forEach(s -> missing.remove(s.row().crmField()));
        return missing;
    }

    /**
     * Adds a row after the others: 400 for a role, field, slot, direction or default that is not one
     * (naming which), 404 for a custom field that does not exist for the card kind, 422 for a default
     * on a row that is no pick list's, 409 when the slot is mapped already for the kind.
     */
    @Transactional
    public Shown add(DataType type, Input input) {
        var checks = new Checks();
        boolean contacts = type == DataType.CONTACTS;
        PersonRole role = contacts ? parse(PersonRole.class, "role", input.role(), checks) : agendaRole(input.role(), checks);
        RowDirection direction = direction(input.direction() == null ? "BOTH" : input.direction(), checks);
        EmptyDefault emptyDefault = input.emptyDefault() == null ? null : parse(EmptyDefault.class, "emptyDefault", input.emptyDefault(), checks);
        String field = Checks.clean(input.crmField());
        String slot = Checks.clean(input.slot());
        checks.required("crmField", field).required("slot", slot);
        if (contacts) {
            checkContactRow(role, field, slot, checks);
        } else if (field != null && slot != null && !slot.equals(AGENDA_PAIRS.get(type).get(field))) {
            checks.problem("crmField", "'" + Checks.abbreviated(field) + "' to '" + Checks.abbreviated(slot) + "' is not a "
                    + singular(type) + " row; the pairs are " + AGENDA_PAIRS.get(type));
        }
        checks.throwIfAny();
        CustomField pickList = null;
        if (contacts && ContactSlots.isCustom(field)) {
            CustomField custom = requireCustomField(role, ContactSlots.customKey(field));
            if (custom.type() == CustomFieldType.PICK_LIST) pickList = custom;
        }
        List<StoredRow> existing = config.fieldMapRows(type);
        for (StoredRow s : existing) {
            if (s.row().slot().equals(slot) && overlaps(s.row().role(), role)) {
                throw new ConflictException("slot '" + slot + "' (" + label(type, slot) + ") is mapped already for "
                        + s.row().role() + " (row " + s.id() + ", field " + s.row().crmField() + "); remove that row first");
            }
        }
        Row row = withDefault(new Row(role, field, slot, direction, false), pickList, emptyDefault, input.defaultValue());
        long id = config.addFieldMapRow(type, row);
        return shown(type, find(type, id), customFields.all());
    }

    /**
     * Changes a row's direction or its empty pick list's default: 404 for no such row, 409 for a
     * fixed row (a record needs it as it is), 400/422 as {@link #add}.
     */
    @Transactional
    public Shown change(DataType type, long id, Change change) {
        StoredRow stored = find(type, id);
        Row row = stored.row();
        if (row.fixed()) {
            throw new ConflictException("row " + id + " (" + row.crmField() + " to " + row.slot() + ") is fixed: a "
                    + singular(type) + " cannot sync without it as it is, so it cannot be changed");
        }
        var checks = new Checks();
        RowDirection direction = change.direction() == null ? row.direction() : direction(change.direction(), checks);
        EmptyDefault emptyDefault = change.emptyDefault() == null ? null : parse(EmptyDefault.class, "emptyDefault", change.emptyDefault(), checks);
        checks.throwIfAny();
        CustomField pickList = pickListOf(type, row, customFields.all());
        Row changed = new Row(row.role(), row.crmField(), row.slot(), direction, false, row.emptyDefault(), row.defaultValue());
        if (emptyDefault != null || change.defaultValue() != null) {
            changed = withDefault(changed, pickList, emptyDefault == null ? row.emptyDefault() : emptyDefault,
                    change.defaultValue());
        }
        config.updateFieldMapRow(type, id, changed);
        return shown(type, find(type, id), customFields.all());
    }

    /** Removes a row: 404 when there is none with this id, 409 for a fixed row. */
    @Transactional
    public void remove(DataType type, long id) {
        StoredRow stored = find(type, id);
        if (stored.row().fixed()) {
            throw new ConflictException("row " + id + " (" + stored.row().crmField() + " to " + stored.row().slot()
                    + ") is fixed: a " + singular(type) + " cannot sync without it, so it cannot be removed");
        }
        config.deleteFieldMapRow(type, id);
    }

    /**
     * Puts the rows of one kind in the order given: {@code ids} are every row of that kind, once;
     * fixed rows keep their place (400 naming ids otherwise, 409 for a fixed row moved).
     */
    @Transactional
    public List<Shown> reorder(DataType type, List<Long> ids) {
        if (ids == null || ids.isEmpty() || ids.contains(null)) {
            throw new InvalidInputException("ids", "is required: the ids of one kind's rows in their new order, none null");
        }
        List<StoredRow> all = config.fieldMapRows(type);
        StoredRow first = all.stream().filter(s -> s.id() == ids.getFirst()).findFirst()
                .orElseThrow(() -> new InvalidInputException("ids", "row " + ids.getFirst() + " is no row of this field map"));
        PersonRole role = first.row().role();
        List<StoredRow> kind = all.stream().filter(s -> s.row().role() == role).toList();
        var given = new HashSet<>(ids);
        if (given.size() != ids.size() || ids.size() != kind.size() || !kind.stream().allMatch(s -> given.contains(s.id()))) {
            throw new InvalidInputException("ids", "must name each of the " + kind.size() + " rows of " + role + " once, and no other");
        }
        for (int i = 0; i < kind.size(); i++) {
            StoredRow was = kind.get(i);
            if (was.row().fixed() && ids.get(i) != was.id()) {
                throw new ConflictException("row " + was.id() + " (" + was.row().crmField() + " to " + was.row().slot()
                        + ") is fixed and keeps its place");
            }
        }
        for (int i = 0; i < kind.size(); i++) config.moveFieldMapRow(type, ids.get(i), kind.get(i).position());
        return rows(type);
    }

    /**
     * Moves a changeable row one place up or down among the changeable rows of its kind (the editor's
     * arrows); fixed rows stay where they are. At either end nothing changes.
     */
    @Transactional
    public void move(DataType type, long id, boolean up) {
        StoredRow row = find(type, id);
        List<StoredRow> kind = config.fieldMapRows(type).stream().filter(s -> s.row().role() == row.row().role()).toList();
        List<Long> order = new ArrayList<>(kind.stream().map(StoredRow::id).toList());
        int at = order.indexOf(id);
        int other = at;
        do {
            other += up ? -1 : 1;
        } while (other >= 0 && other < kind.size() && kind.get(other).row().fixed());
        if (row.row().fixed() || other < 0 || other >= kind.size()) return;
        order.set(at, order.get(other));
        order.set(other, id);
        reorder(type, order);
    }

    private StoredRow find(DataType type, long id) {
        return config.fieldMapRows(type).stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException(singular(type) + " field map row", id));
    }

    private void checkContactRow(PersonRole role, String field, String slot, Checks checks) {
        if (slot != null && (!ContactSlots.known(slot) || slot.equals(ContactSlots.KIND))) {
            checks.problem("slot", "'" + Checks.abbreviated(slot) + "' is not a contact slot (custom.<key>, or one of "
                    + ContactSlots.ALL + ")");
        }
        if (role != null && field != null && !field.startsWith(ContactSlots.CUSTOM_PREFIX) && !ContactProjection.readable(role, field)) {
            checks.problem("crmField", "'" + Checks.abbreviated(field) + "' is not a field of a "
                    + role.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " card");
        }
    }

    /**
     * The row with its empty pick list's default: only a custom pick list's row takes one other than
     * the built-in (422 naming emptyDefault), and a chosen option must be one of the list (422 naming
     * defaultValue).
     */
    private static Row withDefault(Row row, CustomField pickList, EmptyDefault emptyDefault, String defaultValue) {
        String value = Checks.clean(defaultValue);
        if (pickList == null) {
            if (emptyDefault != null || value != null) {
                throw new UnprocessableException("emptyDefault", "'" + row.crmField() + "' is no pick list: only a custom"
                        + " pick list's row has a default for an empty value");
            }
            return row;
        }
        EmptyDefault mode = emptyDefault == null ? EmptyDefault.FIRST_OPTION : emptyDefault;
        if (mode == EmptyDefault.CHOSEN && !pickList.options().contains(value)) {
            throw new UnprocessableException("defaultValue", (value == null ? "is required" : "'" + Checks.abbreviated(value)
                    + "' is not an option") + " of the pick list '" + pickList.label() + "' (" + pickList.options() + ")");
        }
        if (mode != EmptyDefault.CHOSEN && value != null) {
            throw new UnprocessableException("defaultValue", "is only taken with emptyDefault CHOSEN");
        }
        return new Row(row.role(), row.crmField(), row.slot(), row.direction(), row.fixed(), mode,
                mode == EmptyDefault.CHOSEN ? value : null);
    }

    private static Shown shown(DataType type, StoredRow stored, List<CustomField> fields) {
        Row r = stored.row();
        CustomField pickList = pickListOf(type, r, fields);
        return new Shown(stored.id(), r.role(), r.crmField(), r.slot(), label(type, r.slot()), r.direction(), r.fixed(),
                stored.position(), pickList == null ? null : r.emptyDefault(), pickList == null ? null : r.defaultValue(),
                pickList == null ? null : pickList.options());
    }

    /** The custom pick list a contact row maps, if it does. */
    private static CustomField pickListOf(DataType type, Row row, List<CustomField> fields) {
        if (type != DataType.CONTACTS || !ContactSlots.isCustom(row.crmField())) return null;
        String key = ContactSlots.customKey(row.crmField());
        RelationKind kind = kindOf(row.role());
        return fields.stream().filter(f -> f.recordType() == kind && f.key().equals(key) && f.type() == CustomFieldType.PICK_LIST)
                .findFirst().orElse(null);
    }

    private CustomField requireCustomField(PersonRole role, String key) {
        RelationKind kind = kindOf(role);
        return customFields.forKind(kind).stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new NotFoundException("custom field of " + kind.name().toLowerCase(Locale.ROOT) + "s", key));
    }

    static RelationKind kindOf(PersonRole role) {
        return switch (role) {
            case ORGANISATION -> RelationKind.ORGANISATION;
            case LEAD -> RelationKind.LEAD;
            default -> RelationKind.PERSON;
        };
    }

    private static String label(DataType type, String slot) {
        return type == DataType.CONTACTS ? ContactSlots.label(slot) : slot;
    }

    private static String singular(DataType type) {
        return switch (type) {
            case APPOINTMENTS -> "appointment";
            case TASKS -> "task";
            default -> "contact";
        };
    }

    /** Appointments and tasks have no kinds: their rows are for ANY. */
    private static PersonRole agendaRole(String role, Checks checks) {
        if (role != null && !role.isBlank() && !role.strip().equals(PersonRole.ANY.name())) {
            checks.problem("role", "appointments and tasks have no kinds: leave it out or give ANY");
        }
        return PersonRole.ANY;
    }

    /** ANY stands for both person roles; a slot may be mapped once for a card kind. */
    private static boolean overlaps(PersonRole a, PersonRole b) {
        if (a == b) return true;
        boolean aPerson = a == PersonRole.ANY || a == PersonRole.CONTACT_PERSON || a == PersonRole.PRIVATE_INDIVIDUAL;
        boolean bPerson = b == PersonRole.ANY || b == PersonRole.CONTACT_PERSON || b == PersonRole.PRIVATE_INDIVIDUAL;
        return aPerson && bPerson && (a == PersonRole.ANY || b == PersonRole.ANY);
    }

    private static RowDirection direction(String value, Checks checks) {
        RowDirection direction = parse(RowDirection.class, "direction", value, checks);
        if (direction != null && !STORED_DIRECTIONS.contains(direction)) {
            checks.problem("direction", "must be one of " + STORED_DIRECTIONS);
            return null;
        }
        return direction;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value, Checks checks) {
        if (value == null || value.isBlank()) {
            checks.problem(name, "is required");
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            checks.problem(name, "'" + Checks.abbreviated(value) + "' is not one of " + List.of(type.getEnumConstants()));
            return null;
        }
    }

    private static Map<String, String> ordered(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
        return map;
    }
}
