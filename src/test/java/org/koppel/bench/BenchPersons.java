package org.koppel.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.Gender;
import org.koppel.crm.relation.Person;

/**
 * Persons as an API client would send them: names (an infix now and then), birth date, gender,
 * private e-mail, phone and mobile, one private address. Every field goes through the write path's
 * checks, phone numbers through libphonenumber included.
 */
final class BenchPersons {

    private static final List<String> FIRST = List.of("Jan", "Sanne", "Pieter", "Emma", "Daan", "Lotte", "James",
            "Sophie", "Thijs", "Fleur");
    private static final List<String> INFIX = List.of("", "", "", "de", "van", "van der", "in 't");
    private static final List<String> LAST = List.of("Vries", "Jansen", "Berg", "Smit", "Veld", "Taylor", "Bakker",
            "Dijk", "Meer", "Visser");
    private static final List<String> CITY = List.of("Amsterdam", "Rotterdam", "Utrecht", "Zwolle", "Groningen");

    private final RandomGenerator random;
    private final long managerId;

    BenchPersons(RandomGenerator random, long managerId) {
        this.random = random;
        this.managerId = managerId;
    }

    Person next(int number) {
        String first = pick(FIRST);
        String infix = pick(INFIX);
        String last = pick(LAST);
        Gender gender = random.nextBoolean() ? Gender.FEMALE : Gender.MALE;
        var address = new Address(AddressType.PRIVATE, "Kerkstraat", Integer.toString(1 + random.nextInt(200)),
                (1000 + random.nextInt(9000)) + " AB", pick(CITY), null, "NL");
        return new Person(null, null, first.charAt(0) + ".", first, null, infix, last,
                LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28)), gender, null,
                "person" + number + "@bench.example", "020 " + (2_000_000 + random.nextInt(7_999_999)),
                "06 " + (10_000_000 + random.nextInt(89_999_999)), List.of(), null, managerId, List.of(), false,
                List.of(), List.of(address), null, Map.of(), null, null, null);
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
