package org.koppel.web.ui;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;

/**
 * The edit form of a relation, one record for the three kinds: each kind uses its own inputs
 * and ignores the others. Inputs are named as the write path names its fields, so its problems
 * land next to the right input. The birth date stays text, so a date the browser did not check
 * comes back as typed, with a reason, instead of failing the binding. {@code former} is a Boolean
 * because an unticked checkbox sends nothing.
 */
public record RelationForm(
        RelationKind kind, Long version,
        String name, String website, String cocNumber,
        String initials, String callingName, String birthDate, Gender gender, String salutation,
        String privateEmail, String privatePhone, String privateMobile,
        String companyName, String jobTitle, String source, LeadStatus status,
        String firstName, String infix, String lastName, String email, String phone, String mobile,
        Long managerId, List<Long> ownerIds, Boolean former, String comment) {

    private static final Set<String> SHARED = Set.of("managerId", "ownerIds", "former", "comment");

    /** The inputs each kind's form shows. */
    static Set<String> inputs(RelationKind kind) {
        Set<String> own = switch (kind) {
            case ORGANISATION -> Set.of("name", "phone", "email", "website", "cocNumber");
            case PERSON -> Set.of("initials", "firstName", "callingName", "infix", "lastName", "birthDate", "gender",
                    "salutation", "privateEmail", "privatePhone", "privateMobile");
            case LEAD -> Set.of("companyName", "firstName", "infix", "lastName", "email", "phone", "mobile", "jobTitle",
                    "source", "status");
        };
        var all = new HashSet<>(own);
        all.addAll(SHARED);
        return all;
    }

    static RelationForm blank(RelationKind kind, long managerId) {
        return new RelationForm(kind, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, kind == RelationKind.LEAD ? LeadStatus.NEW : null, null, null, null, null, null, null,
                managerId, List.of(), false, null);
    }

    static RelationForm of(Relation relation) {
        return switch (relation) {
            case Organisation o -> new RelationForm(o.kind(), o.version(), o.name(), o.website(), o.cocNumber(),
                    null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, o.email(), o.phone(), null,
                    o.managerId(), o.ownerIds(), o.former(), o.comment());
            case Person p -> new RelationForm(p.kind(), p.version(), null, null, null,
                    p.initials(), p.callingName(), p.birthDate() == null ? null : p.birthDate().toString(), p.gender(),
                    p.salutation(), p.privateEmail(), p.privatePhone(), p.privateMobile(), null, null, null, null,
                    p.firstName(), p.infix(), p.lastName(), null, null, null,
                    p.managerId(), p.ownerIds(), p.former(), p.comment());
            case Lead l -> new RelationForm(l.kind(), l.version(), null, null, null,
                    null, null, null, null, null, null, null, null, l.companyName(), l.jobTitle(), l.source(), l.status(),
                    l.firstName(), l.infix(), l.lastName(), l.email(), l.phone(), l.mobile(),
                    l.managerId(), l.ownerIds(), l.former(), l.comment());
        };
    }

    /**
     * The relation with this form's inputs and list parts; a part the form did not send (see
     * RelationParts) is taken unchanged from {@code current}, or empty for a new one.
     */
    Relation toRelation(RelationKind kind, Relation current, RelationParts parts, List<CustomField> fields) {
        List<String> types = parts.relationTypes(current == null ? List.of() : current.relationTypes());
        List<Address> addresses = parts.addresses(current == null ? List.of() : current.addresses());
        Map<String, Object> custom = parts.customFields(current == null ? Map.of() : current.customFields(), fields);
        Long id = current == null ? null : current.id();
        List<Long> owners = ownerIds == null ? List.of() : ownerIds;
        boolean former = Boolean.TRUE.equals(this.former);
        return switch (kind) {
            case ORGANISATION -> new Organisation(id, version, name, phone, email, website, cocNumber,
                    managerId, owners, former, types, addresses, comment, custom, null, null, null);
            case PERSON -> {
                Person stored = current instanceof Person p ? p : null;
                List<ContactRole> roles = parts.contactRoles(stored == null ? List.of() : stored.contactRoles());
                yield new Person(id, version, initials, firstName, callingName, infix, lastName, parsedBirthDate(),
                        gender, salutation, privateEmail, privatePhone, privateMobile, roles,
                        stored == null ? null : stored.employeeId(), managerId, owners, former, types, addresses,
                        comment, custom, null, null, null);
            }
            case LEAD -> new Lead(id, version, companyName, firstName, infix, lastName, email, phone, mobile, jobTitle,
                    source, status, managerId, owners, former, types, addresses, comment, custom, null, null, null);
        };
    }

    private LocalDate parsedBirthDate() {
        String text = Checks.clean(birthDate);
        if (text == null) return null;
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("birthDate", "'" + text + "' is not a date; use year-month-day, such as 1980-02-29");
        }
    }
}
