package org.koppel.crm.csv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.CountryNames;
import org.koppel.crm.relation.Address;
import org.koppel.crm.relation.AddressType;
import org.koppel.crm.relation.Lead;
import org.koppel.crm.relation.Organisation;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relation;
import org.koppel.crm.relation.RelationKind;

/** Turns one CSV row into a new relation by the column mapping; checking it is the write path's work. */
final class RowReader {

    /** Words that start a Dutch, Flemish, Italian or French surname's infix ("van der", "de", "di"). */
    private static final Set<String> INFIX_WORDS = Set.of("van", "von", "de", "der", "den", "het", "'t", "ter", "ten",
            "te", "in", "op", "la", "le", "du", "des", "di", "da", "del", "della", "dos");

    private RowReader() {
    }

    static Relation relation(RelationKind kind, Map<ImportField, String> v, long managerId) {
        String first = v.get(ImportField.FIRST_NAME);
        String infix = v.get(ImportField.INFIX);
        String last = v.get(ImportField.LAST_NAME);
        String full = v.get(ImportField.NAME);
        if (full != null && first == null && last == null) {
            String[] parts = split(full);
            first = parts[0];
            infix = infix == null ? parts[1] : infix;
            last = parts[2];
        }
        List<Address> addresses = address(kind, v);
        String comment = v.get(ImportField.COMMENT);
        return switch (kind) {
            case ORGANISATION -> new Organisation(null, null, v.get(ImportField.ORGANISATION), v.get(ImportField.PHONE),
                    v.get(ImportField.EMAIL), v.get(ImportField.WEBSITE), v.get(ImportField.COC_NUMBER), managerId,
                    List.of(), false, List.of(), addresses, comment, Map.of(), null, null, null);
            case PERSON -> new Person(null, null, v.get(ImportField.INITIALS), first, null, infix, last, null, null, null,
                    v.get(ImportField.EMAIL), v.get(ImportField.PHONE), v.get(ImportField.MOBILE), List.of(), null,
                    managerId, List.of(), false, List.of(), addresses, comment, Map.of(), null, null, null);
            case LEAD -> new Lead(null, null, v.get(ImportField.ORGANISATION), first, infix, last, v.get(ImportField.EMAIL),
                    v.get(ImportField.PHONE), v.get(ImportField.MOBILE), v.get(ImportField.JOB_TITLE), "CSV import", null,
                    managerId, List.of(), false, List.of(), addresses, comment, Map.of(), null, null, null);
        };
    }

    /** "Jan van der Berg" → Jan, van der, Berg; one word is a last name. */
    static String[] split(String full) {
        String[] words = full.strip().split("\\s+");
        if (words.length == 1) return new String[] {null, null, words[0]};
        int infixStart = 1;
        int infixEnd = infixStart;
        while (infixEnd < words.length - 1 && INFIX_WORDS.contains(words[infixEnd].toLowerCase(java.util.Locale.ROOT))) infixEnd++;
        String infix = infixEnd > infixStart ? String.join(" ", List.of(words).subList(infixStart, infixEnd)) : null;
        String last = String.join(" ", List.of(words).subList(infixEnd, words.length));
        return new String[] {words[0], infix, last};
    }

    private static List<Address> address(RelationKind kind, Map<ImportField, String> v) {
        if (v.get(ImportField.STREET) == null && v.get(ImportField.HOUSE_NUMBER) == null
                && v.get(ImportField.POSTAL_CODE) == null && v.get(ImportField.CITY) == null
                && v.get(ImportField.COUNTRY) == null) {
            return List.of();
        }
        var list = new ArrayList<Address>();
        list.add(new Address(kind == RelationKind.PERSON ? AddressType.PRIVATE : AddressType.VISITING,
                v.get(ImportField.STREET), v.get(ImportField.HOUSE_NUMBER), v.get(ImportField.POSTAL_CODE),
                v.get(ImportField.CITY), null, CountryNames.code(v.get(ImportField.COUNTRY))));
        return list;
    }
}
