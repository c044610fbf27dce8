package org.koppel.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Dutch city: postal codes "1234 AB" within the city's own range, landlines under its
 * two-digit area code, mobiles "06 ...".
 */
record DutchCity(String name, String region, String areaCode, int firstPostalNumber, int lastPostalNumber)
        implements City {

    private static final List<String> STREETS = List.of("Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg",
            "Schoolstraat", "Hoofdstraat", "Julianalaan", "Wilhelminastraat", "Beatrixlaan", "Nieuwstraat",
            "Marktplein", "Industrieweg", "Havenstraat", "Parallelweg", "Lindelaan", "Eikenlaan", "Prinses Irenestraat",
            "Van Goghlaan", "Rembrandtplein", "Spoorlaan", "Kanaalweg", "Zuidwal", "Keizersgracht", "Oude Gracht");
    // Dutch postal codes avoid F, I, O, Q, U and Y, and SA, SD and SS as a pair.
    private static final List<String> UNUSED_LETTERS = List.of("SA", "SD", "SS");
    private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

    @Override
    public String country() {
        return "NL";
    }

    @Override
    public String street(RandomGenerator random) {
        return STREETS.get(random.nextInt(STREETS.size()));
    }

    @Override
    public String houseNumber(RandomGenerator random) {
        int number = 1 + random.nextInt(180);
        return random.nextInt(8) == 0 ? number + "" + (char) ('a' + random.nextInt(3)) : Integer.toString(number);
    }

    @Override
    public String postalCode(RandomGenerator random) {
        int number = firstPostalNumber + random.nextInt(lastPostalNumber - firstPostalNumber + 1);
        String letters;
        do {
            letters = "" + LETTERS.charAt(random.nextInt(LETTERS.length())) + LETTERS.charAt(random.nextInt(LETTERS.length()));
        } while (UNUSED_LETTERS.contains(letters));
        return number + " " + letters;
    }

    @Override
    public String postBox(RandomGenerator random) {
        return "Postbus";
    }

    /** "020 555 1234": Dutch subscriber numbers never start with 0 or 1. */
    @Override
    public String landline(RandomGenerator random) {
        return areaCode + " " + (2 + random.nextInt(8)) + City.digits(random, 2) + " " + City.digits(random, 4);
    }

    @Override
    public String mobile(RandomGenerator random) {
        return "06 " + (1 + random.nextInt(9)) + City.digits(random, 3) + " " + City.digits(random, 4);
    }
}
