package org.koppel.web.ui.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.koppel.crm.customfield.CustomField;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.FieldMap.PersonRole;
import org.springframework.context.MessageSource;

/**
 * CRM fields and peer slots of the field map in plain words of the page's language (admin bundle),
 * never raw keys: an address part is "Visiting address: city", a custom field its own label.
 */
final class FieldMapLabels {

    /** The address parts a row may name, in the order a form lists them. */
    static final List<String> PARTS = ContactSlots.ADR_PARTS;
    private static final List<String> ADDRESS_TYPES = List.of("visiting", "postal", "private", "invoice");

    /** The CRM fields a row of each card kind may name (ContactProjection), custom fields aside. */
    static final Map<PersonRole, List<String>> CONTACT_FIELDS = Map.of(
            PersonRole.ANY, person(false),
            PersonRole.CONTACT_PERSON, person(true),
            PersonRole.PRIVATE_INDIVIDUAL, person(false),
            PersonRole.ORGANISATION, withAddresses(Stream.of("name", "phone", "email", "website", "cocNumber", "comment")),
            PersonRole.LEAD, withAddresses(Stream.of("companyName", "firstName", "infix", "lastName", "email", "phone", "mobile",
                    "jobTitle", "comment")));

    private final MessageSource messages;
    private final Locale locale;
    private final Map<String, String> customLabels;

    FieldMapLabels(MessageSource messages, Locale locale, List<CustomField> customFields) {
        this.messages = messages;
        this.locale = locale;
        this.customLabels = customFields.stream().collect(Collectors.toMap(f -> f.recordType() + "." + f.key(), CustomField::label,
                (a, b) -> a));
    }

    String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    String kind(PersonRole role) {
        return msg("admin.fieldmap.kind." + role.name());
    }

    /** A CRM field: its own words, an address part, or a custom field's label. */
    String field(PersonRole role, String field) {
        if (ContactSlots.isCustom(field)) return custom(role, ContactSlots.customKey(field));
        if (field.startsWith("workAddress.")) return msg("admin.fieldmap.addressPart", msg("admin.fieldmap.address.work"),
                part(field.substring("workAddress.".length())));
        if (field.startsWith("address.")) {
            String[] parts = field.split("\\.", 3);
            if (parts.length == 3) return msg("admin.fieldmap.addressPart", msg("admin.fieldmap.address." + parts[1]), part(parts[2]));
        }
        return msg("admin.fieldmap.field." + field);
    }

    /** A peer slot: its own words, an address part, or the custom field it holds. */
    String slot(PersonRole role, String slot) {
        if (ContactSlots.isCustom(slot)) return custom(role, ContactSlots.customKey(slot));
        for (String type : ContactSlots.ADR_TYPES) {
            if (slot.startsWith(type + ".")) {
                return msg("admin.fieldmap.addressPart", msg("admin.fieldmap.slot." + type), part(slot.substring(type.length() + 1)));
            }
        }
        return msg("admin.fieldmap.slot." + slot);
    }

    private String part(String part) {
        return msg("admin.fieldmap.part." + part);
    }

    private String custom(PersonRole role, String key) {
        String kind = switch (role) {
            case ORGANISATION -> "ORGANISATION";
            case LEAD -> "LEAD";
            default -> "PERSON";
        };
        String label = customLabels.get(kind + "." + key);
        return msg("admin.fieldmap.custom", label == null ? key : label);
    }

    private static List<String> person(boolean contactPerson) {
        var own = Stream.of("initials", "firstName", "infix", "lastName", "birthDate", "privateEmail", "privatePhone",
                "privateMobile", "comment");
        if (contactPerson) {
            own = Stream.concat(own, Stream.concat(Stream.of("contactRole.email", "contactRole.phone", "contactRole.mobile",
                    "contactRole.jobTitle", "contactRole.organisationName"), PARTS.stream().map(p -> "workAddress." + p)));
        }
        return withAddresses(own);
    }

    private static List<String> withAddresses(Stream<String> fields) {
        return Stream.concat(fields, ADDRESS_TYPES.stream().flatMap(t -> PARTS.stream().map(p -> "address." + t + "." + p)))
                .toList();
    }
}
