package org.koppel.runtime;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.CustomFieldStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.store.SyncConfigStore.StoredRow;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.koppel.sync.FieldMap.PersonRole;
import org.koppel.sync.FieldMap.Row;
import org.koppel.sync.FieldMap.RowDirection;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contact field map as admins change it (DESIGN.md rule 10): rows are added (a custom field to
 * its slot, an invoice address, ...) and removed, except the fixed ones a card cannot do without.
 * A row is checked before it is stored, so no run ever meets a field it cannot read.
 */
@Service
public class ContactFieldMap {

    /** What the API takes: the row as an admin writes it. */
    public record Input(String role, String crmField, String slot, String direction) {
    }

    /** A row as the API shows it. */
    public record Shown(long id, PersonRole role, String crmField, String slot, String slotLabel, RowDirection direction,
                        boolean fixed) {

        static Shown of(StoredRow stored) {
            Row r = stored.row();
            return new Shown(stored.id(), r.role(), r.crmField(), r.slot(), ContactSlots.label(r.slot()), r.direction(), r.fixed());
        }
    }

    private static final Set<RowDirection> STORED_DIRECTIONS =
            EnumSet.of(RowDirection.BOTH, RowDirection.CRM_TO_PEER, RowDirection.PEER_TO_CRM);

    private final SyncConfigStore config;
    private final CustomFieldStore customFields;
    private final SyncSettings settings;
    private final Map<String, PeerFactory> factories;

    public ContactFieldMap(SyncConfigStore config, CustomFieldStore customFields, SyncSettings settings,
                           List<PeerFactory> factories) {
        this.config = config;
        this.customFields = customFields;
        this.settings = settings;
        this.factories = PeerFactory.byType(factories);
    }

    /**
     * The field map a connection's cards are imported by (the import queue, creation by policy): the
     * stored one, with the peer's addresses left out where they may not come in (iCloud, unless the
     * admin allows it: docs/sync.md), as a run leaves them out.
     */
    public FieldMap forImports(Connection connection) {
        FieldMap stored = config.fieldMap(DataType.CONTACTS);
        PeerFactory factory = factories.get(connection.type());
        String provider = factory == null ? connection.type() : factory.provider(connection);
        return settings.addressesFromPeer(connection.ownerId(), connection.settings(), provider)
                ? stored : stored.crmChangesOnly("adr.");
    }

    /** What {@link ContactProjection#fromCard} needs beside the map: the custom fields (a pick list's default). */
    public ContactProjection.Related related() {
        return ContactProjection.Related.ofCustomFields(customFields.all());
    }

    public List<Shown> rows() {
        return config.fieldMapRows(DataType.CONTACTS).stream().map(Shown::of).toList();
    }

    /**
     * Adds a row: 400 for a role, field, slot or direction that is not one (naming which), 404 for a
     * custom field that does not exist for the card kind, 409 when the slot is mapped already.
     */
    @Transactional
    public Shown add(Input input) {
        var checks = new Checks();
        PersonRole role = parse(PersonRole.class, "role", input.role(), checks);
        RowDirection direction = parse(RowDirection.class, "direction", input.direction() == null ? "BOTH" : input.direction(), checks);
        if (direction != null && !STORED_DIRECTIONS.contains(direction)) {
            checks.problem("direction", "must be one of " + STORED_DIRECTIONS);
        }
        String field = Checks.clean(input.crmField());
        String slot = Checks.clean(input.slot());
        checks.required("crmField", field).required("slot", slot);
        if (slot != null && (!ContactSlots.known(slot) || slot.equals(ContactSlots.KIND))) {
            checks.problem("slot", "'" + Checks.abbreviated(slot) + "' is not a contact slot (custom.<key>, or one of "
                    + ContactSlots.ALL + ")");
        }
        if (role != null && field != null && !field.startsWith(ContactSlots.CUSTOM_PREFIX) && !ContactProjection.readable(role, field)) {
            checks.problem("crmField", "'" + Checks.abbreviated(field) + "' is not a field of a "
                    + role.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " card");
        }
        checks.throwIfAny();
        if (field.startsWith(ContactSlots.CUSTOM_PREFIX)) requireCustomField(role, ContactSlots.customKey(field));
        List<StoredRow> existing = config.fieldMapRows(DataType.CONTACTS);
        for (StoredRow s : existing) {
            if (s.row().slot().equals(slot) && overlaps(s.row().role(), role)) {
                throw new ConflictException("slot '" + slot + "' is mapped already for " + s.row().role() + " (row " + s.id()
                        + ", field " + s.row().crmField() + "); remove that row first");
            }
        }
        Row row = new Row(role, field, slot, direction, false);
        long id = config.addFieldMapRow(DataType.CONTACTS, row);
        return new Shown(id, role, field, slot, ContactSlots.label(slot), direction, false);
    }

    /** Removes a row: 404 when there is none with this id, 409 for a fixed row. */
    @Transactional
    public void remove(long id) {
        StoredRow row = config.fieldMapRows(DataType.CONTACTS).stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("contact field map row", id));
        if (row.row().fixed()) {
            throw new ConflictException("row " + id + " (" + row.row().crmField() + " to " + row.row().slot()
                    + ") is fixed: a card needs it");
        }
        config.deleteFieldMapRow(DataType.CONTACTS, id);
    }

    private void requireCustomField(PersonRole role, String key) {
        RelationKind kind = switch (role) {
            case ORGANISATION -> RelationKind.ORGANISATION;
            case LEAD -> RelationKind.LEAD;
            default -> RelationKind.PERSON;
        };
        if (customFields.forKind(kind).stream().noneMatch(f -> f.key().equals(key))) {
            throw new NotFoundException("custom field of " + kind.name().toLowerCase(Locale.ROOT) + "s", key);
        }
    }

    /** ANY stands for both person roles; a slot may be mapped once for a card kind. */
    private static boolean overlaps(PersonRole a, PersonRole b) {
        if (a == b) return true;
        boolean aPerson = a == PersonRole.ANY || a == PersonRole.CONTACT_PERSON || a == PersonRole.PRIVATE_INDIVIDUAL;
        boolean bPerson = b == PersonRole.ANY || b == PersonRole.CONTACT_PERSON || b == PersonRole.PRIVATE_INDIVIDUAL;
        return aPerson && bPerson && (a == PersonRole.ANY || b == PersonRole.ANY);
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
}
