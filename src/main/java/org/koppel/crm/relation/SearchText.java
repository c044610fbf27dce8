package org.koppel.crm.relation;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;

import org.koppel.crm.Checks;

/**
 * The text a relation is found by: its names, e-mail addresses and phone numbers, lower-cased,
 * each between bars ("|jan de vries|jan@x.nl|31201234567|"), so a LIKE finds a part of any term
 * and "%|term|%" finds a whole one. Phone numbers are added also as international digits.
 */
public final class SearchText {

    private static final int MAX_LENGTH = 4000;

    private SearchText() {
    }

    public static String of(Relation relation) {
        var terms = new LinkedHashSet<String>();
        relation.searchTerms().stream().filter(Objects::nonNull).forEach(term -> {
            terms.add(term.toLowerCase(Locale.ROOT));
            if (term.matches("[+0-9 ()./-]{4,}")) terms.add(Checks.phoneDigits(term));
        });
        String text = "|" + String.join("|", terms) + "|";
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
    }
}
