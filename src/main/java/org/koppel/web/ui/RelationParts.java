package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;

/**
 * The list-valued parts of the relation form: contact roles, addresses, relation types and custom
 * values, read from the request's parameters. Inputs are named as the write path names its fields
 * ({@code addresses[1].city}, {@code customFields.size}), so every problem lands at its input. A
 * part whose marker input ({@code _addresses}) was not sent is null: the form did not show it,
 * and the stored value stays. Rows added in the browser may have any index; they are read in
 * index order and numbered anew, as the write path numbers them, and empty rows are dropped.
 */
public record RelationParts(List<RoleRow> roles, List<Address> addresses, String relationTypes,
                            Map<String, String> custom, List<FieldProblem> unreadable) {

    /** A contact role as the form holds it: the organisation's name beside its id, for showing it again. */
    public record RoleRow(Long organisationId, String organisationName, String jobTitle, String email, String phone,
                          String mobile) {

        ContactRole role() {
            return new ContactRole(organisationId, email, phone, mobile, jobTitle);
        }

        boolean blank() {
            return organisationId == null && Checks.clean(organisationName) == null && Checks.clean(jobTitle) == null
                    && Checks.clean(email) == null && Checks.clean(phone) == null && Checks.clean(mobile) == null;
        }
    }

    private static final Pattern ROW = Pattern.compile("(contactRoles|addresses)\\[(\\d{1,9})]\\.(\\w+)");

    /** The parts as stored, for the edit form; {@code names}: organisation names by id. */
    static RelationParts of(Relation relation, Map<Long, String> names, List<CustomField> fields) {
        List<RoleRow> roles = relation instanceof Person p ? p.contactRoles().stream().map(r -> new RoleRow(
                r.organisationId(), names.get(r.organisationId()), r.jobTitle(), r.email(), r.phone(), r.mobile())).toList()
                : List.of();
        var custom = new LinkedHashMap<String, String>();
        for (CustomField field : fields) {
            Object value = relation.customFields().get(field.key());
            if (value != null) custom.put(field.key(), value instanceof java.math.BigDecimal n ? n.toPlainString() : value.toString());
        }
        return new RelationParts(roles, relation.addresses(), String.join(", ", relation.relationTypes()), custom, List.of());
    }

    static RelationParts blank() {
        return new RelationParts(List.of(), List.of(), "", Map.of(), List.of());
    }

    static RelationParts from(Map<String, String[]> params, List<CustomField> fields) {
        var problems = new ArrayList<FieldProblem>();
        Map<Integer, Map<String, String>> roleInputs = new TreeMap<>();
        Map<Integer, Map<String, String>> addressInputs = new TreeMap<>();
        params.forEach((name, values) -> {
            Matcher m = ROW.matcher(name);
            if (!m.matches() || values.length == 0) return;
            var rows = m.group(1).equals("contactRoles") ? roleInputs : addressInputs;
            rows.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>()).put(m.group(3), values[0]);
        });
        List<RoleRow> roles = params.containsKey("_contactRoles") ? roleRows(roleInputs, problems) : null;
        List<Address> addresses = params.containsKey("_addresses") ? addressRows(addressInputs, problems) : null;
        String types = params.containsKey("_relationTypes") ? first(params, "relationTypes") : null;
        Map<String, String> custom = null;
        if (params.containsKey("_customFields")) {
            custom = new LinkedHashMap<>();
            for (CustomField field : fields) {
                String value = Checks.clean(first(params, "customFields." + field.key()));
                if (value != null) custom.put(field.key(), value);
            }
        }
        return new RelationParts(roles, addresses, types, custom, problems);
    }

    private static List<RoleRow> roleRows(Map<Integer, Map<String, String>> inputs, List<FieldProblem> problems) {
        var rows = new ArrayList<RoleRow>();
        for (Map<String, String> in : inputs.values()) {
            String id = Checks.clean(in.get("organisationId"));
            Long organisationId = null;
            if (id != null) {
                try {
                    organisationId = Long.parseLong(id);
                } catch (NumberFormatException e) {
                    problems.add(new FieldProblem("contactRoles[" + rows.size() + "].organisationId",
                            "pick the organisation from the list"));
                }
            }
            var row = new RoleRow(organisationId, in.get("organisationName"), in.get("jobTitle"), in.get("email"),
                    in.get("phone"), in.get("mobile"));
            if (!row.blank()) rows.add(row);
        }
        return rows;
    }

    private static List<Address> addressRows(Map<Integer, Map<String, String>> inputs, List<FieldProblem> problems) {
        var rows = new ArrayList<Address>();
        for (Map<String, String> in : inputs.values()) {
            AddressType type = null;
            String typed = Checks.clean(in.get("type"));
            if (typed != null) {
                try {
                    type = AddressType.valueOf(typed.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("addresses[" + rows.size() + "].type", "is not an address type"));
                }
            }
            var address = new Address(type, in.get("street"), in.get("houseNumber"), in.get("postalCode"), in.get("city"),
                    in.get("region"), in.get("country"));
            boolean blank = Arrays.asList(address.street(), address.houseNumber(), address.postalCode(), address.city(),
                    address.region(), address.country()).stream().allMatch(s -> Checks.clean(s) == null);
            if (!blank) rows.add(address);
        }
        return rows;
    }

    private static String first(Map<String, String[]> params, String name) {
        String[] values = params.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    List<ContactRole> contactRoles(List<ContactRole> stored) {
        return roles == null ? stored : roles.stream().map(RoleRow::role).toList();
    }

    List<Address> addresses(List<Address> stored) {
        return addresses == null ? stored : addresses;
    }

    List<String> relationTypes(List<String> stored) {
        if (relationTypes == null) return stored;
        return Arrays.stream(relationTypes.split(",")).map(Checks::clean).filter(s -> s != null).distinct().toList();
    }

    /** The typed values for the write path: yes/no as booleans, the rest as typed text it checks per type. */
    Map<String, Object> customFields(Map<String, Object> stored, List<CustomField> fields) {
        if (custom == null) return stored;
        var values = new LinkedHashMap<String, Object>();
        for (CustomField field : fields) {
            String text = custom.get(field.key());
            if (text == null) continue;
            values.put(field.key(), field.type() == CustomFieldType.BOOLEAN && (text.equals("true") || text.equals("false"))
                    ? Boolean.valueOf(text) : text);
        }
        return values;
    }

    /** The input names of the rows shown, so the write path's problems find them. */
    Set<String> inputs(List<CustomField> fields) {
        var names = new HashSet<>(Set.of("contactRoles", "addresses", "relationTypes", "customFields"));
        for (int i = 0; i < (roles == null ? 0 : roles.size()); i++) {
            for (String part : List.of("organisationId", "jobTitle", "email", "phone", "mobile")) {
                names.add("contactRoles[" + i + "]." + part);
            }
        }
        for (int i = 0; i < (addresses == null ? 0 : addresses.size()); i++) {
            for (String part : List.of("type", "street", "houseNumber", "postalCode", "city", "region", "country")) {
                names.add("addresses[" + i + "]." + part);
            }
        }
        fields.forEach(f -> names.add("customFields." + f.key()));
        return names;
    }
}
