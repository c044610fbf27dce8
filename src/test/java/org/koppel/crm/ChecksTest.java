package org.koppel.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"020 123 4567", "+31 20 123 4567", "06-12345678", "(020) 1234567", "+44 20 7946 0958", "0031201234567"})
    void acceptsPhoneNumbersAsPeopleWriteThem(String phone) {
        assertThat(new Checks().phone("phone", phone).hasProblems()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "call me", "020 123 4567 ext. 5", "+31 20 123 4567 8901 2345", "0201234567abc"})
    void refusesWhatIsNoPhoneNumber(String phone) {
        assertThat(new Checks().phone("phone", phone).hasProblems()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jan@bakkerij.nl", "j.van.der.berg+crm@sub.example.co.uk", "o'brien@example.ie"})
    void acceptsEmailAddresses(String email) {
        assertThat(new Checks().email("email", email).hasProblems()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jan@", "jan", "jan@bakkerij", "jan @bakkerij.nl", "jan@@bakkerij.nl", "jan@bakkerij..nl"})
    void refusesWhatIsNoEmailAddress(String email) {
        assertThat(new Checks().email("email", email).hasProblems()).isTrue();
    }

    @Property
    void aDutchNumberHasTheSameSearchDigitsInEveryNotation(@ForAll @IntRange(min = 1_000_000, max = 9_999_999) int subscriber) {
        String national = "020" + subscriber;
        String international = "+31 20 " + subscriber;
        String spaced = "020 - " + String.valueOf(subscriber).substring(0, 3) + " " + String.valueOf(subscriber).substring(3);
        assertThat(Checks.phoneDigits(national))
                .isEqualTo(Checks.phoneDigits(international))
                .isEqualTo(Checks.phoneDigits(spaced))
                .isEqualTo("3120" + subscriber);
    }

    @Property
    void cleaningTrimsAndTurnsBlankIntoAbsent(@ForAll String text) {
        String cleaned = Checks.clean(text);
        if (text.isBlank()) assertThat(cleaned).isNull();
        else assertThat(cleaned).isEqualTo(text.strip());
    }

    @org.junit.jupiter.api.Test
    void birthDatesLieInThePast() {
        LocalDate today = LocalDate.of(2026, 11, 21);
        assertThat(new Checks().pastDate("birthDate", today.plusDays(1), today).hasProblems()).isTrue();
        assertThat(new Checks().pastDate("birthDate", LocalDate.of(1849, 12, 31), today).hasProblems()).isTrue();
        assertThat(new Checks().pastDate("birthDate", LocalDate.of(1980, 2, 29), today).hasProblems()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void aListOverItsCapIsOneProblemAndItsEntriesAreNotChecked() {
        var checks = new Checks();

        assertThat(checks.size("ownerIds", java.util.Collections.nCopies(101, 1L), Limits.OWNERS)).isFalse();
        assertThat(checks.size("memberIds", java.util.Collections.nCopies(10_000, 1L), Limits.GROUP_MEMBERS)).isTrue();
        assertThat(checks.size("settings", java.util.Map.of("a", "b"), 1)).isTrue();
        assertThat(checks.problems()).containsExactly(FieldProblem.coded("ownerIds", "tooMany", "holds 101 entries; at most 100 are allowed", 101, 100));
    }

    @org.junit.jupiter.api.Test
    void theOneLineSummaryOfManyProblemsNamesTheFirstTwentyAndCountsTheRest() {
        var problems = java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> new FieldProblem("ownerIds[" + i + "]", "does not exist")).toList();

        String message = new InvalidInputException(problems).getMessage();

        assertThat(message).startsWith("ownerIds[0]: does not exist; ownerIds[1]: does not exist")
                .endsWith("ownerIds[19]: does not exist; and 99980 more");
        assertThat(new InvalidInputException(problems).problems()).hasSize(100_000);
    }

    @org.junit.jupiter.api.Test
    void problemsOfAFieldCoverThoseOfItsParts() {
        assertThat(Checks.covers("contactRoles[0]", "contactRoles[0].email")).isTrue();
        assertThat(Checks.covers("ownerIds", "ownerIds[3]")).isTrue();
        assertThat(Checks.covers("birthDate", "birthDate")).isTrue();
        assertThat(Checks.covers("owner", "ownerIds")).isFalse();
    }
}
