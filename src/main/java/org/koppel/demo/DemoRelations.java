package org.koppel.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.LeadStatus;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;

/**
 * Makes up demo relations, ready for the write path. Every choice comes from one random generator,
 * so a seeded generator makes the same sample every time. Writes nothing itself.
 */
final class DemoRelations {

    private static final List<String> ORGANISATION_TYPES = List.of("customer", "customer", "customer", "customer",
            "customer", "supplier", "supplier", "prospect", "prospect", "partner");
    private static final List<String> PRIVATE_MAIL_DOMAINS = List.of("example.com", "example.net", "example.org");
    private static final List<String> LEAD_SOURCES = List.of("Website", "Trade fair", "Referral", "LinkedIn",
            "Cold call", "Newsletter");
    private static final List<String> COMMENTS = List.of("Prefers to be contacted by e-mail.",
            "Invoices go to the postal address.", "Met at the spring trade fair.", "Call before visiting.",
            "Annual review in the autumn.");
    private static final String SECOND_INITIALS = "ACEFGHJMPRW";

    private final RandomGenerator random;
    private final List<Long> employeeIds;

    /** @param employeeIds who may be relation manager or owner */
    DemoRelations(RandomGenerator random, List<Long> employeeIds) {
        this.random = random;
        this.employeeIds = List.copyOf(employeeIds);
    }

    Organisation organisation(String name, DemoCountry country) {
        City city = pick(country.cities);
        String domain = DemoCompanies.domain(name);
        var addresses = new ArrayList<Address>();
        addresses.add(streetAddress(AddressType.VISITING, city));
        if (random.nextInt(5) < 2) addresses.add(postBox(city));
        String type = pick(ORGANISATION_TYPES);
        var custom = new LinkedHashMap<String, Object>();
        custom.put(DemoFields.SEGMENT, pick(DemoFields.SEGMENTS));
        if (type.equals("customer")) {
            custom.put(DemoFields.CUSTOMER_SINCE, LocalDate.of(2005 + random.nextInt(20), 1 + random.nextInt(12), 1).toString());
        }
        String mailbox = country == DemoCountry.NETHERLANDS ? "info@" : "enquiries@";
        long manager = pick(employeeIds);
        return new Organisation(null, null, name, city.landline(random), mailbox + domain, "https://www." + domain,
                registrationNumber(), manager, owners(manager), former(), List.of(type), addresses, comment(),
                custom, null, null, null);
    }

    /** A person working at {@code organisation}, and now and then also at {@code alsoAt}. */
    Person contactPerson(Organisation organisation, Organisation alsoAt) {
        DemoCountry country = countryOf(organisation);
        DemoNames.GivenName given = pick(country.givenNames);
        DemoNames.FamilyName family = pick(country.familyNames);
        var roles = new ArrayList<ContactRole>();
        roles.add(role(organisation, given, family));
        if (alsoAt != null && !alsoAt.id().equals(organisation.id()) && random.nextInt(20) == 0) {
            roles.add(role(alsoAt, given, family));
        }
        String privateMobile = random.nextInt(5) == 0 ? cityOf(organisation).mobile(random) : null;
        return person(country, given, family, null, null, privateMobile, roles, List.of());
    }

    Person privateIndividual(DemoCountry country) {
        DemoNames.GivenName given = pick(country.givenNames);
        DemoNames.FamilyName family = pick(country.familyNames);
        City city = pick(country.cities);
        String email = mailName(given, family) + "@" + pick(PRIVATE_MAIL_DOMAINS);
        String phone = random.nextBoolean() ? city.landline(random) : null;
        String mobile = random.nextInt(5) > 0 ? city.mobile(random) : null;
        return person(country, given, family, email, phone, mobile, List.of(),
                List.of(streetAddress(AddressType.PRIVATE, city)));
    }

    /** A prospect known by company, by person, or both; {@code companyName} may be null. */
    Lead lead(String companyName, DemoCountry country) {
        boolean withPerson = companyName == null || random.nextBoolean();
        DemoNames.GivenName given = withPerson ? pick(country.givenNames) : null;
        DemoNames.FamilyName family = withPerson ? pick(country.familyNames) : null;
        City city = pick(country.cities);
        String domain = companyName != null ? DemoCompanies.domain(companyName) : pick(PRIVATE_MAIL_DOMAINS);
        String email = (withPerson ? mailName(given, family) : "info") + "@" + domain;
        long manager = pick(employeeIds);
        return new Lead(null, null, companyName, withPerson ? given.first() : null, withPerson ? family.infix() : null,
                withPerson ? family.last() : null, email, city.landline(random), withPerson ? city.mobile(random) : null,
                withPerson && companyName != null ? pick(country.jobTitles) : null, pick(LEAD_SOURCES),
                pick(List.of(LeadStatus.values())), manager, owners(manager), former(), List.of(),
                List.of(streetAddress(AddressType.VISITING, city)), null, Map.of(), null, null, null);
    }

    private Person person(DemoCountry country, DemoNames.GivenName given, DemoNames.FamilyName family,
                          String privateEmail, String privatePhone, String privateMobile, List<ContactRole> roles,
                          List<Address> addresses) {
        // A CRM seldom knows everyone's gender or birthday.
        Gender gender = random.nextInt(25) == 0 ? null : given.gender();
        LocalDate birthDate = random.nextInt(10) == 0 ? null
                : LocalDate.of(1955 + random.nextInt(48), 1, 1).plusDays(random.nextInt(365));
        long manager = pick(employeeIds);
        return new Person(null, null, initials(given), given.first(), given.calling(), family.infix(), family.last(),
                birthDate, gender, country.salutation(gender), privateEmail, privatePhone, privateMobile, roles, null,
                manager, owners(manager), former(), List.of(), addresses, comment(),
                Map.<String, Object>of(DemoFields.NEWSLETTER, random.nextInt(5) < 2), null, null, null);
    }

    private ContactRole role(Organisation organisation, DemoNames.GivenName given, DemoNames.FamilyName family) {
        City city = cityOf(organisation);
        String domain = organisation.email().substring(organisation.email().indexOf('@') + 1);
        return new ContactRole(organisation.id(), mailName(given, family) + "@" + domain, city.landline(random),
                random.nextInt(5) < 3 ? city.mobile(random) : null, pick(countryOf(organisation).jobTitles));
    }

    private Address streetAddress(AddressType type, City city) {
        return new Address(type, city.street(random), city.houseNumber(random), city.postalCode(random), city.name(),
                city.region(), city.country());
    }

    private Address postBox(City city) {
        return new Address(AddressType.POSTAL, city.postBox(random), Integer.toString(1 + random.nextInt(9999)),
                city.postalCode(random), city.name(), city.region(), city.country());
    }

    /** Up to two employees besides the relation manager. */
    private List<Long> owners(long manager) {
        var owners = new ArrayList<Long>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            long owner = pick(employeeIds);
            if (owner != manager && !owners.contains(owner)) owners.add(owner);
        }
        return owners;
    }

    /** About one relation in twenty is no longer active. */
    private boolean former() {
        return random.nextInt(20) == 0;
    }

    private String comment() {
        return random.nextInt(6) == 0 ? pick(COMMENTS) : null;
    }

    /** Eight digits, as both the Dutch Chamber of Commerce and Companies House number firms. */
    private String registrationNumber() {
        return (1 + random.nextInt(9)) + City.digits(random, 7);
    }

    /** "J." or, now and then, a second given name's initial too: "J.H.". */
    private String initials(DemoNames.GivenName given) {
        String first = given.first().charAt(0) + ".";
        return random.nextInt(3) == 0 ? first + SECOND_INITIALS.charAt(random.nextInt(SECOND_INITIALS.length())) + "." : first;
    }

    private static String mailName(DemoNames.GivenName given, DemoNames.FamilyName family) {
        String givenPart = DemoCompanies.slug(given.calling() != null ? given.calling() : given.first(), "");
        String familyPart = DemoCompanies.slug((family.infix() == null ? "" : family.infix()) + family.last(), "");
        return givenPart + "." + familyPart;
    }

    private static DemoCountry countryOf(Organisation organisation) {
        return DemoCountry.of(organisation.addresses().getFirst().country());
    }

    private static City cityOf(Organisation organisation) {
        String name = organisation.addresses().getFirst().city();
        return countryOf(organisation).cities.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
