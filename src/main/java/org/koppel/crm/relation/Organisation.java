package org.koppel.crm.relation;

import static org.koppel.crm.Checks.clean;
import static org.koppel.crm.relation.Lists.orEmpty;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.koppel.crm.Checks;

@JsonIgnoreProperties(value = {"kind", "displayName", "deleted"}, allowGetters = true)
public record Organisation(
        Long id, Long version,
        String name, String phone, String email, String website, String cocNumber,
        Long managerId, List<Long> ownerIds, boolean former, List<String> relationTypes,
        List<Address> addresses, String comment, Map<String, Object> customFields,
        Instant createdAt, Instant updatedAt, Instant deletedAt) implements Relation {

    @Override
    @JsonProperty("kind")
    public RelationKind kind() {
        return RelationKind.ORGANISATION;
    }

    @Override
    @JsonProperty("displayName")
    public String displayName() {
        return name;
    }

    @Override
    public Organisation cleaned() {
        return new Organisation(id, version, clean(name), clean(phone), clean(email), clean(website),
                clean(cocNumber), managerId, orEmpty(ownerIds), former, Lists.cleanTexts(relationTypes),
                Lists.cleanAddresses(addresses), clean(comment), Lists.orEmpty(customFields),
                createdAt, updatedAt, deletedAt);
    }

    @Override
    public void checkDetails(Checks checks, LocalDate today) {
        checks.required("name", name).text("name", name, 200)
                .phone("phone", phone)
                .email("email", email)
                .website("website", website);
        if (cocNumber != null && !cocNumber.matches("[0-9]{8}")) {
            checks.problem("cocNumber", "'" + cocNumber + "' is not a Chamber of Commerce number (8 digits)");
        }
    }

    @Override
    public List<String> searchTerms() {
        var terms = new ArrayList<String>();
        terms.add(name);
        terms.add(email);
        terms.add(phone);
        terms.add(cocNumber);
        return terms;
    }
}
