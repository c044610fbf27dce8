package org.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreetLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Keizersgracht 123a|Keizersgracht|123a",
            "Via Roma 5|Via Roma|5",
            "Keizersgracht 123 A|Keizersgracht|123 A",
            "Laan van Meerdervoort 12-14|Laan van Meerdervoort|12-14",
            "Hoofdstraat 12 bis|Hoofdstraat|12 bis",
            "Plein 1944 3|Plein 1944|3",
            "Laan 1940 45|Laan 1940|45"})
    void aLineEndingInAHouseNumberSplitsIntoStreetAndNumber(String line, String street, String number) {
        assertThat(StreetLine.split(line)).isEqualTo(new StreetLine.Split(street, number));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10 Downing Street", "Postbus", "123 45", "Hoofdstraat  12"})
    void aLineThatDoesNotEndInAHouseNumberStaysWholeInTheStreet(String line) {
        assertThat(StreetLine.split(line)).isEqualTo(new StreetLine.Split(line, null));
    }

    @Test
    void aStreetOfTwoLinesStaysWhole() {
        assertThat(StreetLine.split("Keizersgracht 1\n2e verdieping")).isEqualTo(new StreetLine.Split("Keizersgracht 1\n2e verdieping", null));
    }

    @Test
    void joinPutsTheNumberAfterTheStreetAndLeavesOutWhatIsMissing() {
        assertThat(StreetLine.join("Keizersgracht", "123a")).isEqualTo("Keizersgracht 123a");
        assertThat(StreetLine.join("Keizersgracht", null)).isEqualTo("Keizersgracht");
        assertThat(StreetLine.join(null, "12")).isEqualTo("12");
        assertThat(StreetLine.join(" ", null)).isNull();
    }

    /** What an address book holds comes back unchanged after a trip through the CRM's two fields: no echo. */
    @Property
    void everyLineJoinsBackIntoItself(@ForAll String line) {
        if (line.isBlank()) return;
        StreetLine.Split split = StreetLine.split(line);
        assertThat(StreetLine.join(split.street(), split.houseNumber())).isEqualTo(line.strip());
    }
}
