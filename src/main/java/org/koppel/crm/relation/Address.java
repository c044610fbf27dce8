package org.koppel.crm.relation;

import static org.koppel.crm.Checks.clean;

import org.koppel.crm.Checks;

public record Address(AddressType type, String street, String houseNumber, String postalCode,
                      String city, String region, String country) {

    Address cleaned() {
        String countryCode = clean(country);
        return new Address(type, clean(street), clean(houseNumber), clean(postalCode), clean(city), clean(region),
                countryCode == null ? null : countryCode.toUpperCase(java.util.Locale.ROOT));
    }

    void check(String path, Checks checks) {
        checks.required(path + ".type", type)
                .text(path + ".street", street, 200)
                .text(path + ".houseNumber", houseNumber, 20)
                .text(path + ".postalCode", postalCode, 20)
                .text(path + ".city", city, 100)
                .text(path + ".region", region, 100);
        if (country != null && !country.matches("[A-Z]{2}")) {
            checks.problem(path + ".country", "'" + country + "' is not a two-letter ISO 3166 country code");
        }
    }
}
