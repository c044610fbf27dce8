package org.koppel.crm.relation;

import static org.koppel.crm.Checks.clean;
import static org.koppel.crm.relation.Lists.orEmpty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.koppel.crm.Checks;
import org.koppel.crm.Limits;

/**
 * A human. Roles: contact person at organisations ({@code contactRoles}), employee (when an
 * employee record points here: {@code employeeId}, read-only), or private individual (neither).
 * The infix ("van der") is a field of its own, as Dutch sorting and vCard/Outlook mapping need it.
 */
@JsonIgnoreProperties(value = {"kind", "displayName", "deleted", "privateIndividual", "employeeId"}, allowGetters = true)
public record Person(
        Long id, Long version,
        String initials, String firstName, String callingName, String infix, String lastName,
        LocalDate birthDate, Gender gender, String salutation,
        String privateEmail, String privatePhone, String privateMobile,
        List<ContactRole> contactRoles, Long employeeId,
        Long managerId, List<Long> ownerIds, boolean former, List<String> relationTypes,
        List<Address> addresses, String comment, Map<String, Object> customFields,
        Instant createdAt, Instant updatedAt, Instant deletedAt) implements Relation {

    @Override
    @JsonProperty("kind")
    public RelationKind kind() {
        return RelationKind.PERSON;
    }

    /** "Jan van der Berg": calling name (else first name, else initials), infix, last name. */
    @Override
    @JsonProperty("displayName")
    public String displayName() {
        String given = callingName != null ? callingName : firstName != null ? firstName : initials;
        return Stream.of(given, infix, lastName).filter(s -> s != null && !s.isBlank()).collect(Collectors.joining(" "));
    }

    @JsonProperty("privateIndividual")
    public boolean privateIndividual() {
        return (contactRoles == null || contactRoles.isEmpty()) && employeeId == null;
    }

    @Override
    public Person cleaned() {
        return new Person(id, version, clean(initials), clean(firstName), clean(callingName), clean(infix),
                clean(lastName), birthDate, gender, clean(salutation), clean(privateEmail), clean(privatePhone),
                clean(privateMobile), orEmpty(contactRoles).stream().filter(Objects::nonNull).map(ContactRole::cleaned).toList(), employeeId,
                managerId, orEmpty(ownerIds), former, Lists.cleanTexts(relationTypes),
                Lists.cleanAddresses(addresses), clean(comment), Lists.orEmpty(customFields),
                createdAt, updatedAt, deletedAt);
    }


    @Override
    public void checkDetails(Checks checks, LocalDate today) {
        checks.text("initials", initials, 20)
                .text("firstName", firstName, 100)
                .text("callingName", callingName, 100)
                .text("infix", infix, 30)
                .required("lastName", lastName).text("lastName", lastName, 100)
                .pastDate("birthDate", birthDate, today)
                .text("salutation", salutation, 50)
                .email("privateEmail", privateEmail)
                .phone("privatePhone", privatePhone)
                .phone("privateMobile", privateMobile);
        if (!checks.size("contactRoles", contactRoles, Limits.CONTACT_ROLES)) return;
        var organisations = new HashSet<Long>();
        for (int i = 0; i < contactRoles.size(); i++) {
            ContactRole role = contactRoles.get(i);
            role.check("contactRoles[" + i + "]", checks);
            if (role.organisationId() != null && !organisations.add(role.organisationId())) {
                checks.problem("contactRoles[" + i + "].organisationId",
                        "organisation " + role.organisationId() + " appears twice; a person has one role per organisation");
            }
        }
    }

    @Override
    public List<String> searchTerms() {
        var terms = new ArrayList<String>();
        terms.add(displayName());
        terms.add(firstName);
        terms.add(lastName);
        terms.add(privateEmail);
        terms.add(privatePhone);
        terms.add(privateMobile);
        for (ContactRole role : contactRoles) {
            terms.add(role.email());
            terms.add(role.phone());
            terms.add(role.mobile());
        }
        return terms;
    }
}
