package org.koppel.crm.relation;

import static org.koppel.crm.Checks.clean;
import static org.koppel.crm.relation.Lists.orEmpty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.koppel.crm.Checks;

/** A prospect: a company, a person at a company, or both, not yet a customer. */
@JsonIgnoreProperties(value = {"kind", "displayName", "deleted"}, allowGetters = true)
public record Lead(
        Long id, Long version,
        String companyName, String firstName, String infix, String lastName,
        String email, String phone, String mobile, String jobTitle, String source, LeadStatus status,
        Long managerId, List<Long> ownerIds, boolean former, List<String> relationTypes,
        List<Address> addresses, String comment, Map<String, Object> customFields,
        Instant createdAt, Instant updatedAt, Instant deletedAt) implements Relation {

    @Override
    @JsonProperty("kind")
    public RelationKind kind() {
        return RelationKind.LEAD;
    }

    /** "Anna de Wit (Acme)", or whichever half is known. */
    @Override
    @JsonProperty("displayName")
    public String displayName() {
        String person = Stream.of(firstName, infix, lastName).filter(s -> s != null && !s.isBlank())
                .collect(Collectors.joining(" "));
        if (person.isEmpty()) return companyName == null ? "" : companyName;
        return companyName == null ? person : person + " (" + companyName + ")";
    }

    @Override
    public Lead cleaned() {
        return new Lead(id, version, clean(companyName), clean(firstName), clean(infix), clean(lastName),
                clean(email), clean(phone), clean(mobile), clean(jobTitle), clean(source),
                status == null ? LeadStatus.NEW : status, managerId, orEmpty(ownerIds), former,
                Lists.cleanTexts(relationTypes), Lists.cleanAddresses(addresses), clean(comment),
                Lists.orEmpty(customFields), createdAt, updatedAt, deletedAt);
    }

    @Override
    public void checkDetails(Checks checks, LocalDate today) {
        if (companyName == null && lastName == null) {
            checks.problem("lastName", "a lead needs a last name or a company name");
        }
        checks.text("companyName", companyName, 200)
                .text("firstName", firstName, 100)
                .text("infix", infix, 30)
                .text("lastName", lastName, 100)
                .email("email", email)
                .phone("phone", phone)
                .phone("mobile", mobile)
                .text("jobTitle", jobTitle, 100)
                .text("source", source, 100);
        // Each part fits its own column, but the name a lead is listed by joins four of them.
        if (displayName().length() > Relation.MAX_DISPLAY_NAME) {
            checks.problem("companyName", "together with the person's name makes a display name of "
                    + displayName().length() + " characters; at most " + Relation.MAX_DISPLAY_NAME + " are allowed");
        }
    }

    @Override
    public List<String> searchTerms() {
        var terms = new ArrayList<String>();
        terms.add(displayName());
        terms.add(email);
        terms.add(phone);
        terms.add(mobile);
        return terms;
    }
}
