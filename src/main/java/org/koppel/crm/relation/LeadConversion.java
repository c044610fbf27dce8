package org.koppel.crm.relation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.koppel.crm.Checks;
import org.koppel.crm.ConflictException;
import org.koppel.crm.Origin;
import org.koppel.crm.customfield.CustomField;
import org.koppel.crm.customfield.CustomFieldType;
import org.koppel.crm.customfield.CustomFields;
import org.koppel.crm.group.Group;
import org.koppel.crm.group.GroupEditor;
import org.koppel.crm.group.Groups;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a lead into what it turned out to be: an organisation (its company), a person (its
 * contact), or both, the person then contact person at the organisation. The lead is kept,
 * marked former and qualified, so nothing it held is lost; its groups take in the new relation; its change and the new relations
 * are written through the one write path in one transaction: all or nothing, each in the change
 * log with the caller as origin, so every sync sees them as the changes they are.
 */
@Service
public class LeadConversion {

    private final Relations relations;
    private final CustomFields customFields;
    private final Groups groups;

    public LeadConversion(Relations relations, CustomFields customFields, Groups groups) {
        this.relations = relations;
        this.customFields = customFields;
        this.groups = groups;
    }

    /** What a conversion made; {@code organisation} or {@code person} is null when not asked for. */
    public record Converted(Lead lead, Organisation organisation, Person person) {
    }

    @Transactional
    public Converted convert(long leadId, Long expectedVersion, boolean toOrganisation, boolean toPerson, Origin origin) {
        Lead lead = (Lead) relations.find(RelationKind.LEAD, leadId);
        var checks = new Checks();
        if (!toOrganisation && !toPerson) {
            checks.problem("organisation", "choose an organisation, a person or both to convert the lead to");
        }
        if (toOrganisation && lead.companyName() == null) {
            checks.problem("organisation", "the lead has no company name to make an organisation of");
        }
        if (toPerson && lead.lastName() == null) {
            checks.problem("person", "the lead has no last name to make a person of");
        }
        checks.throwIfAny();
        if (lead.former()) {
            throw new ConflictException("lead " + leadId + " is former (converted or dropped already); "
                    + "make it active again before converting it");
        }
        // First the lead, so a stale version refuses the whole conversion before anything is created.
        relations.update(RelationKind.LEAD, leadId, expectedVersion, concluded(lead), origin);
        List<CustomField> fields = customFields.all();
        Organisation organisation = toOrganisation
                ? (Organisation) relations.create(organisationOf(lead, !toPerson, fields), origin) : null;
        Person person = toPerson
                ? (Person) relations.create(personOf(lead, organisation, organisation == null, fields), origin) : null;
        joinGroupsOf(lead, person != null ? person.id() : organisation.id(), origin);
        return new Converted((Lead) relations.find(RelationKind.LEAD, leadId), organisation, person);
    }

    /**
     * The lead's groups take in what it became (the person, else the organisation): a group can put
     * its members in someone's address book, and the converted contact belongs there as the lead
     * did. The lead stays a member too, so nothing is taken away. Done as Koppel, with the
     * caller's origin: the caller converts the lead, not someone's group by choice.
     */
    private void joinGroupsOf(Lead lead, long madeId, Origin origin) {
        var editor = new GroupEditor(origin, null, true);
        for (Group g : groups.all()) {
            if (!g.memberIds().contains(lead.id())) continue;
            var members = new java.util.ArrayList<>(g.memberIds());
            members.add(madeId);
            groups.update(g.id(), g.version(), new Group(g.id(), g.version(), g.name(), g.mainGroup(), g.ownerId(),
                    g.isPublic(), members, null, null), editor);
        }
    }

    private static Lead concluded(Lead l) {
        return new Lead(l.id(), l.version(), l.companyName(), l.firstName(), l.infix(), l.lastName(), l.email(),
                l.phone(), l.mobile(), l.jobTitle(), l.source(), LeadStatus.QUALIFIED, l.managerId(), l.ownerIds(), true,
                l.relationTypes(), l.addresses(), l.comment(), l.customFields(), null, null, null);
    }

    /** The company; it takes the lead's e-mail and phone only when no person does. */
    private static Organisation organisationOf(Lead l, boolean takesContactDetails, List<CustomField> fields) {
        return new Organisation(null, null, l.companyName(), takesContactDetails ? l.phone() : null,
                takesContactDetails ? l.email() : null, null, null, l.managerId(), l.ownerIds(), false,
                l.relationTypes(), l.addresses(), l.comment(), carried(l, RelationKind.ORGANISATION, fields), null, null, null);
    }

    /** The contact: at the organisation when there is one (work details), else a private individual. */
    private static Person personOf(Lead l, Organisation organisation, boolean takesAddresses, List<CustomField> fields) {
        List<ContactRole> roles = organisation == null ? List.of()
                : List.of(new ContactRole(organisation.id(), l.email(), l.phone(), l.mobile(), l.jobTitle()));
        boolean privately = organisation == null;
        return new Person(null, null, null, l.firstName(), null, l.infix(), l.lastName(), null, null, null,
                privately ? l.email() : null, privately ? l.phone() : null, privately ? l.mobile() : null, roles, null,
                l.managerId(), l.ownerIds(), false, l.relationTypes(), takesAddresses ? l.addresses() : List.of(),
                l.comment(), carried(l, RelationKind.PERSON, fields), null, null, null);
    }

    /** The lead's custom values whose field exists, with the same key and type, for the new kind too. */
    private static Map<String, Object> carried(Lead lead, RelationKind kind, List<CustomField> fields) {
        Map<String, CustomFieldType> leadTypes = new HashMap<>();
        fields.stream().filter(f -> f.recordType() == RelationKind.LEAD)
                .forEach(f -> leadTypes.put(f.key(), f.type()));
        var values = new HashMap<String, Object>();
        for (CustomField field : fields) {
            Object value = lead.customFields().get(field.key());
            if (field.recordType() == kind && value != null && field.type() == leadTypes.get(field.key())
                    && field.type().encode(value, field.options()).problem() == null) {
                values.put(field.key(), value);
            }
        }
        return values;
    }
}
