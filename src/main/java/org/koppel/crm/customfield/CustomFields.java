package org.koppel.crm.customfield;

import static org.koppel.crm.Checks.clean;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.koppel.crm.Change.Operation;
import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.FieldDiff;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.Origin;
import org.koppel.crm.RecordType;
import org.koppel.crm.StaleVersionException;
import org.koppel.crm.relation.RelationKind;
import org.koppel.store.ChangeLogStore;
import org.koppel.store.CustomFieldStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Custom field definitions (admins only) and the checking of values against them. */
@Service
public class CustomFields {

    private final CustomFieldStore store;
    private final ChangeLogStore changeLog;
    private final FieldDiff diff;
    private final Clock clock;

    public CustomFields(CustomFieldStore store, ChangeLogStore changeLog, FieldDiff diff, Clock clock) {
        this.store = store;
        this.changeLog = changeLog;
        this.diff = diff;
        this.clock = clock;
    }

    public List<CustomField> all() {
        return store.all();
    }

    public CustomField find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("custom field", id));
    }

    /** How many relations hold a value of this field: what deleting it would remove. */
    public long valueCount(long id) {
        return store.valueCount(id);
    }

    @Transactional
    public CustomField create(CustomField input, Origin origin) {
        return create(input, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public CustomField create(CustomField input, List<FieldProblem> unreadable, Origin origin) {
        CustomField field = cleaned(input, input.position() == null ? store.all().size() : input.position());
        var checks = check(field, unreadable);
        if (field.recordType() != null && field.key() != null
                && store.forKind(field.recordType()).stream().anyMatch(f -> f.key().equals(field.key()))) {
            throw new ConflictException("a custom field '" + field.key() + "' already exists for "
                    + field.recordType().name().toLowerCase(java.util.Locale.ROOT) + "s");
        }
        checks.throwIfAny();
        Instant now = clock.instant();
        long id = store.insert(field, now);
        var stored = find(id);
        changeLog.append(RecordType.CUSTOM_FIELD, id, Operation.CREATE, diff.allFields(field, Set.of()), origin, now);
        return stored;
    }

    /** Changes label, position or options. Record type, key and type cannot change: stored values depend on them. */
    @Transactional
    public CustomField update(long id, Long expectedVersion, CustomField input, Origin origin) {
        return update(id, expectedVersion, input, List.of(), origin);
    }

    /** @param unreadable what could not be read of the input (see {@link Checks#after}), refused with the rest */
    @Transactional
    public CustomField update(long id, Long expectedVersion, CustomField input, List<FieldProblem> unreadable,
                              Origin origin) {
        CustomField current = find(id);
        StaleVersionException.require("custom field", id, expectedVersion, current.version());
        CustomField field = cleaned(input, input.position() == null ? current.position() : input.position());
        var checks = check(field, unreadable);
        if (field.recordType() != current.recordType()) checks.problem("recordType", "cannot change once created");
        if (!Objects.equals(field.key(), current.key())) checks.problem("key", "cannot change once created");
        if (field.type() != current.type()) checks.problem("type", "cannot change once created");
        checks.throwIfAny();
        if (field.type() == CustomFieldType.PICK_LIST) {
            List<String> inUse = store.valuesOutside(id, field.options());
            if (!inUse.isEmpty()) {
                throw new ConflictException("options " + inUse + " are still used by relations; change those values first");
            }
        }
        List<String> changed = diff.changedFields(current, field, Set.of());
        if (changed.isEmpty()) return current;
        Instant now = clock.instant();
        if (!store.update(id, current.version(), field, now)) {
            throw new StaleVersionException("custom field", id, current.version(), find(id).version());
        }
        var stored = find(id);
        changeLog.append(RecordType.CUSTOM_FIELD, id, Operation.UPDATE, changed, origin, now);
        return stored;
    }

    /** Removes a field; its values go with it, so a field in use is only removed when {@code force} says so. */
    @Transactional
    public void delete(long id, boolean force, Origin origin) {
        find(id);
        long values = store.valueCount(id);
        if (values > 0 && !force) {
            throw new ConflictException("custom field " + id + " holds " + values
                    + " values; delete with force=true to remove it and its values");
        }
        store.delete(id);
        changeLog.append(RecordType.CUSTOM_FIELD, id, Operation.DELETE, List.of("deleted"), origin, clock.instant());
    }

    /**
     * The custom values of a relation as stored text, keyed by field key. Unknown keys and values
     * of the wrong type are reported to {@code checks} under {@code customFields.<key>}.
     */
    public Map<String, String> encode(RelationKind kind, Map<String, Object> values, Checks checks) {
        if (values.isEmpty()) return Map.of();
        Map<String, CustomField> fields = new LinkedHashMap<>();
        store.forKind(kind).forEach(f -> fields.put(f.key(), f));
        var encoded = new LinkedHashMap<String, String>();
        values.forEach((key, value) -> {
            CustomField field = fields.get(key);
            if (field == null) {
                checks.problem("customFields." + key, "is not a custom field of " + kind.name().toLowerCase(java.util.Locale.ROOT)
                        + "s (known: " + fields.keySet() + ")");
                return;
            }
            var result = field.type().encode(value, field.options());
            if (result.problem() != null) checks.problem("customFields." + key, result.problem());
            else encoded.put(key, result.text());
        });
        return encoded;
    }

    /** Encodes values already stored, which are valid by construction. */
    public Map<String, String> encode(RelationKind kind, Map<String, Object> values) {
        return encode(kind, values, new Checks());
    }

    private static CustomField cleaned(CustomField f, int position) {
        List<String> options = f.options() == null ? List.of()
                : f.options().stream().map(Checks::clean).filter(Objects::nonNull).toList();
        return new CustomField(f.id(), f.version(), f.recordType(), clean(f.key()), clean(f.label()), f.type(), options,
                position, f.createdAt(), f.updatedAt());
    }

    private static Checks check(CustomField f, List<FieldProblem> unreadable) {
        var checks = Checks.after(unreadable);
        checks.required("recordType", f.recordType())
                .required("key", f.key())
                .required("label", f.label()).text("label", f.label(), 100)
                .required("type", f.type());
        if (f.key() != null && !f.key().matches("[a-zA-Z][a-zA-Z0-9_]{0,63}")) {
            checks.problem("key", "must start with a letter and hold only letters, digits and _ (at most 64)");
        }
        if (f.type() == CustomFieldType.PICK_LIST && f.options().isEmpty()) {
            checks.problem("options", "a pick list needs at least one option");
        }
        if (f.type() != null && f.type() != CustomFieldType.PICK_LIST && !f.options().isEmpty()) {
            checks.problem("options", "only pick lists have options");
        }
        if (!checks.size("options", f.options(), Limits.PICK_LIST_OPTIONS)) return checks;
        if (new HashSet<>(f.options()).size() != f.options().size()) checks.problem("options", "holds duplicates");
        for (int i = 0; i < f.options().size(); i++) checks.text("options[" + i + "]", f.options().get(i), 100);
        return checks;
    }
}
