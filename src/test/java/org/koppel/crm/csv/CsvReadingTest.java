package org.koppel.crm.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.relation.RelationKind;

/** Reading an uploaded CSV file and guessing what its columns mean: no database needed. */
class CsvReadingTest {

    private static CsvFile read(String text) {
        return CsvFile.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void excelsSemicolonFileWithBomAndAQuotedLineBreakIsReadAsExcelShowsIt() {
        CsvFile file = read("\uFEFFNaam;Opmerking\r\n\"Jansen; Piet\";\"twee\r\nregels\"\r\n\r\nKlaas;\r\n");
        assertThat(file.header()).containsExactly("Naam", "Opmerking");
        assertThat(file.rows()).containsExactly(List.of("Jansen; Piet", "twee\r\nregels"), List.of("Klaas", ""));
    }

    @Test
    void commaAndTabFilesAreReadByTheSeparatorTheirHeaderUses() {
        assertThat(read("Name,Email\nAnn,a@b.nl\n").rows()).containsExactly(List.of("Ann", "a@b.nl"));
        assertThat(read("Name\tCity\nAnn\tGouda\n").rows()).containsExactly(List.of("Ann", "Gouda"));
    }

    @Test
    void aFileNotInUtf8OrEmptyIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> CsvFile.read("Naam\nJosé\n".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.problems().getFirst().field()).isEqualTo("file"))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> read("  \n")).hasMessageContaining("empty");
    }

    @Test
    void aFileOverTheByteLimitIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> CsvFile.read(new byte[CsvFile.MAX_BYTES + 1])).hasMessageContaining("1 MB");
    }

    @Test
    void headingsInEnglishDutchAndItalianAreGuessedPerKind() {
        assertThat(ImportField.guess("E-mailadres", RelationKind.PERSON)).contains(ImportField.EMAIL);
        assertThat(ImportField.guess("Plaats", RelationKind.PERSON)).contains(ImportField.CITY);
        assertThat(ImportField.guess("Città", RelationKind.LEAD)).contains(ImportField.CITY);
        assertThat(ImportField.guess("Cognome", RelationKind.PERSON)).contains(ImportField.LAST_NAME);
        assertThat(ImportField.guess("Nome", RelationKind.PERSON)).as("Italian Nome is the first name").contains(ImportField.FIRST_NAME);
        assertThat(ImportField.guess("Naam", RelationKind.ORGANISATION)).contains(ImportField.ORGANISATION);
        assertThat(ImportField.guess("KvK-nummer", RelationKind.ORGANISATION)).contains(ImportField.COC_NUMBER);
        assertThat(ImportField.guess("KvK-nummer", RelationKind.PERSON)).as("not a person's field").isEmpty();
        assertThat(ImportField.guess("Schoenmaat", RelationKind.PERSON)).isEmpty();
    }

    @Test
    void aFullNameIsSplitAtItsInfix() {
        assertThat(RowReader.split("Jan van der Berg")).containsExactly("Jan", "van der", "Berg");
        assertThat(RowReader.split("Maria De Luca")).containsExactly("Maria", "De", "Luca");
        assertThat(RowReader.split("Anna Smit")).containsExactly("Anna", null, "Smit");
        assertThat(RowReader.split("Cher")).containsExactly(null, null, "Cher");
    }

    @Test
    void cellsExcelWouldRunAsFormulasAreDefusedButPhoneNumbersStay() {
        assertThat(RelationExport.safe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(RelationExport.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(RelationExport.safe("-2+3")).isEqualTo("'-2+3");
        assertThat(RelationExport.safe("+31 20 123 4567")).isEqualTo("+31 20 123 4567");
        assertThat(RelationExport.safe("Jansen")).isEqualTo("Jansen");
    }
}
