package org.koppel.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Person;

/**
 * Contact persons as a sales team has them: Dutch and English names (infixes, a diacritic now and
 * then), private e-mail, phone and mobile, an address, and a role at one of a few organisations
 * with a job title, work e-mail and phone; all managed by one employee.
 */
final class ContactPersons {

    private static final List<String> FIRST = List.of("Jan", "Sanne", "Pieter", "Emma", "Daan", "Lotte", "James",
            "Sophie", "Thijs", "Fleur", "Daniël", "Zoë", "Oliver", "Charlotte", "Bram", "Noor", "William", "Maaike");
    private static final List<String> INFIX = List.of("", "", "", "", "de", "van", "van der", "van den", "in 't",
            "ter");
    private static final List<String> LAST = List.of("Vries", "Jansen", "Berg", "Smit", "Veld", "Taylor", "Bakker",
            "Dijk", "Meer", "Visser", "Brouwer", "Wilson", "Hoek", "Mulder", "Brink", "Roberts", "Laan", "Kok");
    private static final List<String> TITLE = List.of("Inkoper", "Directeur", "Office manager", "Account manager",
            "Head of Sales", "Projectleider", "CFO", "Software engineer", "");
    private static final List<String> CITY = List.of("Amsterdam", "Rotterdam", "Utrecht", "Zwolle", "Groningen");

    private final RandomGenerator random;
    private final long managerId;
    private final List<Long> organisations;

    ContactPersons(RandomGenerator random, long managerId, List<Long> organisations) {
        this.random = random;
        this.managerId = managerId;
        this.organisations = organisations;
    }

    Person next(int number) {
        String first = pick(FIRST);
        String infix = pick(INFIX);
        String last = pick(LAST);
        Gender gender = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
        var address = new Address(AddressType.PRIVATE, "Kerkstraat", Integer.toString(1 + random.nextInt(200)),
                (1000 + random.nextInt(9000)) + " AB", pick(CITY), null, "NL");
        String title = pick(TITLE);
        var role = new ContactRole(organisations.get(random.nextInt(organisations.size())),
                "contact" + number + "@work.example", "030 " + (2_000_000 + random.nextInt(7_999_999)), null,
                title.isEmpty() ? null : title);
        return new Person(null, null, first.charAt(0) + ".", first, null, infix, last,
                random.nextInt(3) == 0 ? null : LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12),
                        1 + random.nextInt(28)), gender, null,
                "contact" + number + "@home.example", "020 " + (2_000_000 + random.nextInt(7_999_999)),
                "06 " + (10_000_000 + random.nextInt(89_999_999)), List.of(role), null, managerId, List.of(), false,
                List.of(), List.of(address), null, Map.of(), null, null, null);
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
