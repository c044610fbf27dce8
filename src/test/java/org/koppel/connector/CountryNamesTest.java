package org.koppel.connector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountryNamesTest {

    @ParameterizedTest
    @CsvSource({"Nederland,NL", "Netherlands,NL", "the Netherlands,NL", "NEDERLAND,NL", "nl,NL", "Deutschland,DE",
            "Allemagne,DE", "België,BE", "Belgie,BE", "Italia,IT", "United States,US", "España,ES"})
    void aNameInAnyOfThePhonesLanguagesReadsAsItsCode(String name, String code) {
        assertThat(CountryNames.code(name)).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"NL,Netherlands", "DE,Germany", "be,Belgium"})
    void aCodeIsWrittenAsTheEnglishName(String code, String name) {
        assertThat(CountryNames.name(code)).isEqualTo(name);
    }

    /** The CRM refuses it with a reason naming it, rather than the address silently losing its country. */
    @ParameterizedTest
    @CsvSource({"Atlantis", "Zuid-Holland"})
    void anUnknownNameIsPassedOnAsItIs(String name) {
        assertThat(CountryNames.code(name)).isEqualTo(name);
        assertThat(CountryNames.name(name)).isEqualTo(name);
    }
}
