package org.koppel.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.koppel.crm.FieldProblem;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.relation.Person;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class LenientBodyTest {

    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private final LenientBody bodies = new LenientBody(json);

    @Test
    void everyUnreadableValueIsNamedByItsPathAndReadAsAbsent() {
        var read = bodies.read(json.readTree("""
                {"lastName": "Berg", "birthDate": "2023-02-30", "former": "maybe", "colour": {"deep": [1, 2]},
                 "ownerIds": [1, "two", 3], "contactRoles": [{"organisationId": 7, "email": ["x"]}],
                 "addresses": [{"type": "holiday", "city": "Delft"}]}"""), Person.class);

        assertThat(read.problems()).extracting(FieldProblem::field).containsExactlyInAnyOrder("birthDate", "former",
                "colour", "ownerIds[1]", "contactRoles[0].email", "addresses[0].type");
        Person person = read.value();
        assertThat(person.lastName()).isEqualTo("Berg");
        assertThat(person.birthDate()).isNull();
        assertThat(person.ownerIds()).containsExactly(1L, null, 3L);
        assertThat(person.contactRoles().getFirst().organisationId()).isEqualTo(7L);
        assertThat(person.addresses().getFirst().city()).isEqualTo("Delft");
    }

    /** Jackson's defaults read a number as the enum constant at that position: 1 was the second gender, without a word. */
    @Test
    void aNumberForAChoiceIsUnreadable() {
        var read = bodies.read(json.readTree("{\"lastName\": \"Berg\", \"gender\": 1, \"former\": \"maybe\"}"), Person.class);

        assertThat(read.problems()).extracting(FieldProblem::field).containsExactlyInAnyOrder("gender", "former");
        assertThat(read.value().gender()).isNull();
    }

    /** Jackson's defaults read a number as days since 1970 (12000 was a birth date in 2002) and dropped a time. */
    @Test
    void aNumberOrATimeForADateIsUnreadable() {
        var read = bodies.read(json.readTree("{\"lastName\": \"Berg\", \"birthDate\": 12000}"), Person.class);

        assertThat(read.problems()).extracting(FieldProblem::field).containsExactly("birthDate");
        assertThat(read.value().birthDate()).isNull();
        assertThat(bodies.read(json.readTree("{\"birthDate\": \"1980-02-29T13:00\"}"), Person.class).problems())
                .extracting(FieldProblem::field).containsExactly("birthDate");
        assertThat(bodies.read(json.readTree("{\"birthDate\": \"1980-02-29\"}"), Person.class).value().birthDate())
                .as("a date as the API documents it").hasToString("1980-02-29");
        assertThat(bodies.read(json.readTree("{\"birthDate\": \"\"}"), Person.class).problems()).as("none").isEmpty();
    }

    /** Jackson's defaults read 1.9 as employee 1. No handler hears of a fraction, so it ends the reading. */
    @Test
    void aFractionForAnIdIsRefusedNotTruncated() {
        assertThatThrownBy(() -> bodies.read(json.readTree("""
                {"lastName": "Berg", "former": "maybe", "ownerIds": [2, 3.5]}"""), Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field).containsExactly("former", "ownerIds[1]"));
    }

    @Test
    void aBodyThatIsNoObjectIsRefusedAsABody() {
        assertThatThrownBy(() -> bodies.read(json.readTree("[1, 2]"), Person.class))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("body", "must be a JSON object")));
    }

    @Test
    void aBodyFullOfUnreadableValuesListsTheFirstTwoHundred() {
        String ids = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "\"x\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));

        var read = bodies.read(json.readTree("{\"lastName\": \"B\", \"ownerIds\": " + ids + "}"), Person.class);

        assertThat(read.problems()).hasSize(LenientBody.MAX_PROBLEMS + 1);
        assertThat(read.problems().getLast().field()).isEqualTo("body");
    }
}
