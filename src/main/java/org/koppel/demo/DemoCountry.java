package org.koppel.demo;

import java.util.List;

import org.koppel.crm.relation.Gender;

/** Keeps a demo relation consistent: a Dutch firm has Dutch staff, Dutch cities and Dutch job titles. */
enum DemoCountry {
    NETHERLANDS(DemoNames.DUTCH_GIVEN, DemoNames.DUTCH_FAMILY, DemoPlaces.DUTCH, DemoCompanies.DUTCH_JOB_TITLES,
            "Dhr.", "Mevr."),
    UNITED_KINGDOM(DemoNames.ENGLISH_GIVEN, DemoNames.ENGLISH_FAMILY, DemoPlaces.BRITISH,
            DemoCompanies.ENGLISH_JOB_TITLES, "Mr", "Ms");

    final List<DemoNames.GivenName> givenNames;
    final List<DemoNames.FamilyName> familyNames;
    final List<City> cities;
    final List<String> jobTitles;
    private final String salutationMale;
    private final String salutationFemale;

    DemoCountry(List<DemoNames.GivenName> givenNames, List<DemoNames.FamilyName> familyNames, List<City> cities,
                List<String> jobTitles, String salutationMale, String salutationFemale) {
        this.givenNames = givenNames;
        this.familyNames = familyNames;
        this.cities = cities;
        this.jobTitles = jobTitles;
        this.salutationMale = salutationMale;
        this.salutationFemale = salutationFemale;
    }

    String salutation(Gender gender) {
        if (gender == Gender.MALE) return salutationMale;
        if (gender == Gender.FEMALE) return salutationFemale;
        return null;
    }

    static DemoCountry of(String isoCode) {
        return "NL".equals(isoCode) ? NETHERLANDS : UNITED_KINGDOM;
    }
}
