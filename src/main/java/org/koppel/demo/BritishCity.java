package org.koppel.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A British city: postcodes from the city's own districts ("EC1A 4DT"), phone numbers from the
 * ranges Ofcom keeps for drama ("020 7946 0xxx", mobile "07700 900xxx"), so no demo number rings
 * a real line.
 */
record BritishCity(String name, String region, String dramaPrefix, List<String> districts) implements City {

    private static final List<String> STREETS = List.of("High Street", "Station Road", "Church Lane", "Victoria Road",
            "Park Avenue", "King Street", "Queen Street", "Mill Lane", "London Road", "The Crescent", "Market Square",
            "Albert Road", "Green Lane", "Manor Road", "York Street", "Bridge Street");
    // The letters a postcode's inward code may end in (C, I, K, M, O and V are never used there).
    private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

    @Override
    public String country() {
        return "GB";
    }

    @Override
    public String street(RandomGenerator random) {
        return STREETS.get(random.nextInt(STREETS.size()));
    }

    @Override
    public String houseNumber(RandomGenerator random) {
        return Integer.toString(1 + random.nextInt(240));
    }

    @Override
    public String postalCode(RandomGenerator random) {
        return districts.get(random.nextInt(districts.size())) + " " + random.nextInt(10)
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
                + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
    }

    @Override
    public String postBox(RandomGenerator random) {
        return "PO Box";
    }

    @Override
    public String landline(RandomGenerator random) {
        return dramaPrefix + City.digits(random, 3);
    }

    @Override
    public String mobile(RandomGenerator random) {
        return "+44 7700 900" + City.digits(random, 3);
    }
}
