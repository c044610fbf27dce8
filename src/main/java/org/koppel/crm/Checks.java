package org.koppel.crm;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Collects every problem of one input, so a client learns all of them at once, then refuses the
 * whole input. Blank strings count as absent: callers clean text with {@link #clean} first.
 */
public final class Checks {

    /** Numbers written without a country code are read as Dutch, the home market of the reference customers. */
    static final String DEFAULT_REGION = "NL";

    // Pragmatic: one @, no spaces, a dotted domain. RFC 5322 allows more, mail servers accept less.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern WEBSITE = Pattern.compile("^(https?://)?[^\\s/.]+(\\.[^\\s/.]+)+(/\\S*)?$", Pattern.CASE_INSENSITIVE);
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final List<FieldProblem> problems = new ArrayList<>();
    private final List<FieldProblem> unreadable;

    public Checks() {
        this(List.of());
    }

    private Checks(List<FieldProblem> unreadable) {
        this.unreadable = List.copyOf(unreadable);
        problems.addAll(this.unreadable);
    }

    /**
     * Checks of an input that was read leniently: it starts with what could not be read (an
     * impossible date, a wrong type), and a field already listed there gets no second reason from
     * the stand-in value it was read as ("is required" after "is not a valid date").
     */
    public static Checks after(List<FieldProblem> unreadable) {
        return new Checks(unreadable);
    }

    /** A name or value sent by a client, cut short to be echoed in an answer: a hostile one may be long. */
    public static String abbreviated(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    public static String clean(String text) {
        if (text == null) return null;
        String trimmed = text.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    public Checks problem(String field, String reason) {
        return add(new FieldProblem(field, reason));
    }

    private Checks add(FieldProblem problem) {
        if (unreadable.stream().noneMatch(u -> covers(u.field(), problem.field()))) problems.add(problem);
        return this;
    }

    public Checks required(String field, Object value) {
        if (value == null) add(FieldProblem.coded(field, "required", "is required"));
        return this;
    }

    public Checks text(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            add(FieldProblem.coded(field, "tooLong", "is " + value.length() + " characters long; at most " + maxLength
                    + " are allowed", value.length(), maxLength));
        }
        if (value != null && value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            add(FieldProblem.coded(field, "controlCharacters", "contains control characters"));
        }
        return this;
    }

    /**
     * Refuses a list (or map) longer than {@code max}; returns whether its entries should be checked
     * one by one. An over-long list is one problem, not one per entry: both the answer and the work
     * stay small whatever was sent.
     */
    public boolean size(String field, Collection<?> values, int max) {
        if (values == null || values.size() <= max) return true;
        add(FieldProblem.coded(field, "tooMany", "holds " + values.size() + " entries; at most " + max + " are allowed",
                values.size(), max));
        return false;
    }

    public boolean size(String field, Map<?, ?> values, int max) {
        return size(field, values == null ? null : values.keySet(), max);
    }

    public Checks email(String field, String value) {
        text(field, value, 254);
        if (value != null && !EMAIL.matcher(value).matches()) {
            add(FieldProblem.coded(field, "notEmail", "'" + value + "' is not an e-mail address (expected name@domain.tld)", value));
        }
        return this;
    }

    public Checks phone(String field, String value) {
        text(field, value, 40);
        if (value != null && !isPhoneNumber(value)) {
            add(FieldProblem.coded(field, "notPhone", "'" + value + "' is not a phone number", value));
        }
        return this;
    }

    public Checks website(String field, String value) {
        text(field, value, 500);
        if (value != null && !WEBSITE.matcher(value).matches()) {
            add(FieldProblem.coded(field, "notWebsite", "'" + value + "' is not a web address", value));
        }
        return this;
    }

    public Checks pastDate(String field, LocalDate value, LocalDate today) {
        if (value != null && value.isAfter(today)) add(FieldProblem.coded(field, "inFuture", "lies in the future"));
        if (value != null && value.getYear() < 1850) add(FieldProblem.coded(field, "before1850", "lies before 1850"));
        return this;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    /** Whether a problem was found for {@code field} or for a part of it ({@code field.x}, {@code field[0]}). */
    public static boolean covers(String field, String other) {
        return other.equals(field) || other.startsWith(field + ".") || other.startsWith(field + "[");
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
    }

    static boolean isPhoneNumber(String value) {
        if (!value.matches("[+0-9 ()./-]+")) return false;
        try {
            return PHONES.isPossibleNumber(PHONES.parse(value, DEFAULT_REGION));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The number as international digits (3120...), so "020 123" and "+31 20 123" are found by one search. */
    public static String phoneDigits(String value) {
        try {
            var number = PHONES.parse(value, DEFAULT_REGION);
            return number.getCountryCode() + Long.toString(number.getNationalNumber());
        } catch (NumberParseException e) {
            return value.replaceAll("[^0-9]", "");
        }
    }
}
