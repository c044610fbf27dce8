package org.koppel.sync;

import java.util.List;

/**
 * The fields of a relation in a source system (a practice-management system that owns relations),
 * by name, as the source connector reads and writes them and the field map ({@code RELATIONS} rows)
 * links them to CRM fields. A slot name starts with the kind it belongs to; addresses belong to
 * every kind. The contract they come from is docs/source-system.md.
 * <p>
 * The source's {@code mobile} and {@code email} of a contact person each feed two CRM fields (the
 * document: "Mobiel → Mobiel zakelijk en Mobiel privé"), so the connector reads each into two slots
 * and writes back whichever of the two Koppel changed.
 */
public final class RelationSlots {

    /**
     * Not fields but what the connector tells the engine about an item: its kind ({@link #KIND_ORGANISATION},
     * {@link #KIND_CONTACT_PERSON}, {@link #KIND_PRIVATE_INDIVIDUAL}), the source's relation type id, the
     * source id of a contact person's parent and the parent's kind, and whether the source archived it.
     */
    public static final String KIND = "kind";
    public static final String RELATION_TYPE = "relationTypeId";
    public static final String PARENT_ID = "parentId";
    public static final String PARENT_KIND = "parentKind";
    /** "true" when the source archived the relation; absent when it is active. */
    public static final String ARCHIVED = "archived";

    public static final String KIND_ORGANISATION = "organisation";
    public static final String KIND_CONTACT_PERSON = "contact_person";
    public static final String KIND_PRIVATE_INDIVIDUAL = "private_individual";

    public static final String ORGANISATION_NAME = "organisation.name";
    public static final String ORGANISATION_PHONE = "organisation.phone";
    public static final String ORGANISATION_EMAIL = "organisation.email";
    public static final String ORGANISATION_WEBSITE = "organisation.website";
    public static final String ORGANISATION_KVK = "organisation.kvk";

    public static final String PERSON_FIRST_NAMES = "contactPerson.firstNames";
    public static final String PERSON_INITIALS = "contactPerson.initials";
    public static final String PERSON_INFIX = "contactPerson.infix";
    public static final String PERSON_LAST_NAME = "contactPerson.lastName";
    /** ISO date, yyyy-mm-dd. */
    public static final String PERSON_BIRTH_DATE = "contactPerson.birthDate";
    /** "male" or "female"; the source's "unknown" is no value. */
    public static final String PERSON_GENDER = "contactPerson.gender";
    public static final String PERSON_FUNCTION = "contactPerson.function";
    public static final String PERSON_DIRECT_PHONE = "contactPerson.directPhone";
    /** The source's one {@code mobile}, read into both; a write sends whichever of the two changed. */
    public static final String PERSON_MOBILE_BUSINESS = "contactPerson.mobile.business";
    public static final String PERSON_MOBILE_PRIVATE = "contactPerson.mobile.private";
    public static final String PERSON_PRIVATE_PHONE = "contactPerson.privatePhone";
    /** The source's one {@code email}, read into both; a write sends whichever of the two changed. */
    public static final String PERSON_EMAIL_BUSINESS = "contactPerson.email.business";
    public static final String PERSON_EMAIL_PRIVATE = "contactPerson.email.private";

    /** A contact person's source field that feeds two CRM fields, read into two slots; work first. */
    public record SharedField(String sourceField, String business, String personal) {

        public List<String> slots() {
            return List.of(business, personal);
        }
    }

    /** The source's one mobile and one e-mail of a contact person. */
    public static final List<SharedField> SHARED = List.of(
            new SharedField("mobile", PERSON_MOBILE_BUSINESS, PERSON_MOBILE_PRIVATE),
            new SharedField("email", PERSON_EMAIL_BUSINESS, PERSON_EMAIL_PRIVATE));

    public static final String INDIVIDUAL_NAME = "privateIndividual.name";
    public static final String INDIVIDUAL_EMAIL = "privateIndividual.email";
    public static final String INDIVIDUAL_PHONE = "privateIndividual.phone";

    /** Koppel's address types that a source system has, each as five slots: {@code address.visiting.street}, ... */
    public static final List<String> ADDRESS_TYPES = List.of("visiting", "postal", "private");
    public static final List<String> ADDRESS_PARTS = List.of("street", "houseNumber", "postalCode", "city", "country");

    public static String address(String type, String part) {
        return "address." + type + "." + part;
    }

    /** The kind a slot belongs to, or null for addresses and the item's own hints. */
    public static String kindOf(String slot) {
        if (slot.startsWith("organisation.")) return KIND_ORGANISATION;
        if (slot.startsWith("contactPerson.")) return KIND_CONTACT_PERSON;
        if (slot.startsWith("privateIndividual.")) return KIND_PRIVATE_INDIVIDUAL;
        return null;
    }

    /** How a person calls a slot, for run reports and the conflict log. */
    public static String label(String slot) {
        if (slot.startsWith("address.")) {
            String[] parts = slot.split("\\.");
            return parts[1] + " address " + switch (parts[2]) {
                case "houseNumber" -> "house number";
                case "postalCode" -> "postal code";
                default -> parts[2];
            };
        }
        return switch (slot) {
            case ORGANISATION_NAME, INDIVIDUAL_NAME -> "name";
            case ORGANISATION_PHONE, INDIVIDUAL_PHONE -> "phone";
            case ORGANISATION_EMAIL, INDIVIDUAL_EMAIL -> "e-mail";
            case ORGANISATION_WEBSITE -> "website";
            case ORGANISATION_KVK -> "Chamber of Commerce number";
            case PERSON_FIRST_NAMES -> "calling name";
            case PERSON_INITIALS -> "initials";
            case PERSON_INFIX -> "infix";
            case PERSON_LAST_NAME -> "last name";
            case PERSON_BIRTH_DATE -> "birth date";
            case PERSON_GENDER -> "gender";
            case PERSON_FUNCTION -> "job title";
            case PERSON_DIRECT_PHONE -> "work phone";
            case PERSON_MOBILE_BUSINESS -> "work mobile";
            case PERSON_MOBILE_PRIVATE -> "private mobile";
            case PERSON_PRIVATE_PHONE -> "private phone";
            case PERSON_EMAIL_BUSINESS -> "work e-mail";
            case PERSON_EMAIL_PRIVATE -> "private e-mail";
            case ARCHIVED -> "archived in the source";
            default -> slot;
        };
    }

    private RelationSlots() {
    }
}
