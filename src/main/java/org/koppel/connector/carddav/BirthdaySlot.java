package org.koppel.connector.carddav;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;

import ezvcard.VCard;
import ezvcard.property.Birthday;
import ezvcard.util.PartialDate;
import org.koppel.sync.ContactSlots;

/**
 * The birthday as an ISO date. Reads 3.0 "1980-04-15", 4.0 "19800415" and date-times. A birthday
 * without a year (4.0 "--0415", Google's "--04-15", Apple's year 1604 with X-APPLE-OMIT-YEAR)
 * leaves the slot absent: a CRM birth date is a whole date and inventing a year would be wrong.
 * Such a BDAY is not "a value of the kind" either, so an absent slot never removes it; a date from
 * the CRM replaces it, being the more complete of the two.
 */
final class BirthdaySlot implements SlotMapper {

    static final String APPLE_OMIT_YEAR = "X-APPLE-OMIT-YEAR";

    @Override
    public List<String> slots() {
        return List.of(ContactSlots.BIRTHDAY);
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        Birthday birthday = card.getBirthday();
        if (birthday == null) return;
        LocalDate date = fullDate(birthday);
        if (date != null) slots.put(ContactSlots.BIRTHDAY, date.toString());
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        String value = wanted.get(ContactSlots.BIRTHDAY);
        Birthday birthday = card.getBirthday();
        if (value == null) {
            if (birthday != null && fullDate(birthday) != null) card.removeProperty(birthday);
        } else if (birthday == null) {
            // A BDAY ez-vcard could not read as a date ("BDAY;VALUE=text:circa 1800" in 3.0) is
            // kept as a raw property; a date from the CRM replaces it, as it does a yearless one.
            card.removeExtendedProperty("BDAY");
            card.setBirthday(new Birthday(parse(value)));
        } else {
            birthday.setDate(parse(value));
            birthday.removeParameter(APPLE_OMIT_YEAR);
        }
    }

    private static LocalDate parse(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("birthday slot must be an ISO date (yyyy-mm-dd): " + value, e);
        }
    }

    /** The whole date, or null for a date without a year, a text ("circa 1800") or nonsense. */
    static LocalDate fullDate(Birthday birthday) {
        LocalDate date = date(birthday);
        if (date == null || date.getYear() == 0) return null;
        String omitted = birthday.getParameter(APPLE_OMIT_YEAR);
        if (omitted != null && omitted.strip().equals(Integer.toString(date.getYear()))) return null;
        return date;
    }

    private static LocalDate date(Birthday birthday) {
        Temporal temporal = birthday.getDate();
        if (temporal != null) {
            try {
                return temporal instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC).toLocalDate() : LocalDate.from(temporal);
            } catch (DateTimeException notADate) {
                return null;
            }
        }
        PartialDate partial = birthday.getPartialDate();
        if (partial != null && partial.getYear() != null && partial.getMonth() != null && partial.getDate() != null) {
            try {
                return LocalDate.of(partial.getYear(), partial.getMonth(), partial.getDate());
            } catch (DateTimeException notADate) {
                return null;
            }
        }
        return null;
    }
}
