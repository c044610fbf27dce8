package org.koppel.demo;

import java.util.random.RandomGenerator;

/** A place demo relations live or work in: it decides what their addresses and phone numbers look like. */
sealed interface City permits DutchCity, BritishCity {

    String name();

    /** Province or county. */
    String region();

    /** ISO 3166 code, as addresses store it. */
    String country();

    String street(RandomGenerator random);

    String houseNumber(RandomGenerator random);

    String postalCode(RandomGenerator random);

    /** A post-office box line, for postal addresses. */
    String postBox(RandomGenerator random);

    String landline(RandomGenerator random);

    String mobile(RandomGenerator random);

    static String digits(RandomGenerator random, int count) {
        var digits = new StringBuilder();
        for (int i = 0; i < count; i++) digits.append(random.nextInt(10));
        return digits.toString();
    }
}
