package org.koppel.demo;

import static org.koppel.crm.relation.Gender.FEMALE;
import static org.koppel.crm.relation.Gender.MALE;

import java.util.List;

import org.koppel.crm.relation.Gender;

/**
 * Given and family names for demo persons. Dutch family names carry their infix apart ("van der"
 * + "Berg"), as Koppel stores them; some Dutch given names are formal names with a calling name
 * beside them ("Johannes", called "Jan"), as Dutch registers write them.
 */
final class DemoNames {

    record GivenName(String first, String calling, Gender gender) {

        GivenName(String first, Gender gender) {
            this(first, null, gender);
        }
    }

    record FamilyName(String infix, String last) {

        FamilyName(String last) {
            this(null, last);
        }
    }

    static final List<GivenName> DUTCH_GIVEN = List.of(
            new GivenName("Jan", MALE), new GivenName("Pieter", MALE), new GivenName("Willem", MALE),
            new GivenName("Daan", MALE), new GivenName("Thijs", MALE), new GivenName("Bram", MALE),
            new GivenName("Joost", MALE), new GivenName("Sander", MALE), new GivenName("Ruud", MALE),
            new GivenName("Maarten", MALE), new GivenName("Gijs", MALE), new GivenName("Sem", MALE),
            new GivenName("Johannes", "Jan", MALE), new GivenName("Cornelis", "Kees", MALE),
            new GivenName("Hendrik", "Henk", MALE), new GivenName("Wilhelmus", "Wim", MALE),
            new GivenName("Anna", FEMALE), new GivenName("Sanne", FEMALE), new GivenName("Eva", FEMALE),
            new GivenName("Lotte", FEMALE), new GivenName("Femke", FEMALE), new GivenName("Marieke", FEMALE),
            new GivenName("Ingrid", FEMALE), new GivenName("Fleur", FEMALE), new GivenName("Noor", FEMALE),
            new GivenName("Anouk", FEMALE), new GivenName("Lieke", FEMALE), new GivenName("Esther", FEMALE),
            new GivenName("Johanna", "Anneke", FEMALE), new GivenName("Margaretha", "Greet", FEMALE),
            new GivenName("Elisabeth", "Lies", FEMALE), new GivenName("Catharina", "Tineke", FEMALE));

    static final List<FamilyName> DUTCH_FAMILY = List.of(
            new FamilyName("de", "Vries"), new FamilyName("de", "Jong"), new FamilyName("van", "Dijk"),
            new FamilyName("van", "Leeuwen"), new FamilyName("van der", "Berg"), new FamilyName("van der", "Meer"),
            new FamilyName("van den", "Bosch"), new FamilyName("van den", "Heuvel"), new FamilyName("ter", "Horst"),
            new FamilyName("ter", "Haar"), new FamilyName("in 't", "Veld"), new FamilyName("van 't", "Hof"),
            new FamilyName("de", "Boer"), new FamilyName("van", "Wijk"), new FamilyName("ten", "Brink"),
            new FamilyName("Jansen"), new FamilyName("Bakker"), new FamilyName("Visser"), new FamilyName("Smit"),
            new FamilyName("Meijer"), new FamilyName("Mulder"), new FamilyName("Bos"), new FamilyName("Vos"),
            new FamilyName("Peters"), new FamilyName("Hendriks"), new FamilyName("Dekker"), new FamilyName("Brouwer"),
            new FamilyName("Willems"), new FamilyName("Kok"), new FamilyName("Verhoeven"));

    static final List<GivenName> ENGLISH_GIVEN = List.of(
            new GivenName("James", MALE), new GivenName("Oliver", MALE), new GivenName("Harry", MALE),
            new GivenName("George", MALE), new GivenName("Thomas", MALE), new GivenName("Jack", MALE),
            new GivenName("David", MALE), new GivenName("Richard", MALE), new GivenName("William", "Bill", MALE),
            new GivenName("Robert", "Rob", MALE),
            new GivenName("Emma", FEMALE), new GivenName("Olivia", FEMALE), new GivenName("Sophie", FEMALE),
            new GivenName("Charlotte", FEMALE), new GivenName("Emily", FEMALE), new GivenName("Grace", FEMALE),
            new GivenName("Lucy", FEMALE), new GivenName("Hannah", FEMALE), new GivenName("Elizabeth", "Liz", FEMALE),
            new GivenName("Katherine", "Kate", FEMALE));

    static final List<FamilyName> ENGLISH_FAMILY = List.of(
            new FamilyName("Smith"), new FamilyName("Jones"), new FamilyName("Taylor"), new FamilyName("Brown"),
            new FamilyName("Williams"), new FamilyName("Wilson"), new FamilyName("Johnson"), new FamilyName("Davies"),
            new FamilyName("Robinson"), new FamilyName("Wright"), new FamilyName("Thompson"), new FamilyName("Evans"),
            new FamilyName("Walker"), new FamilyName("White"), new FamilyName("Roberts"), new FamilyName("Green"),
            new FamilyName("Hall"), new FamilyName("Wood"), new FamilyName("Clarke"), new FamilyName("Hughes"));

    private DemoNames() {
    }
}
