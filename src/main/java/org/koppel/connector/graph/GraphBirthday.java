package org.koppel.connector.graph;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Outlook's birthday (an Edm.DateTimeOffset in the contact resource) as an ISO date and back.
 *
 * <p>Outlook clients store the day at midnight UTC ("1974-07-22T00:00:00Z") or at noon of the
 * writer's zone ("1974-07-22T11:00:00Z" from the Netherlands); both keep the day in the date part
 * of the value as written. The day is therefore read from the value as it stands, never converted
 * to this server's zone, which would turn a Dutch noon-birthday of an American server into the day
 * before. A plain date ("1974-07-22", as the update example in "Update contact" sends) is read too.
 * Koppel writes midnight UTC, the form that shows the same day in every zone's date part.
 *
 * <p>Known limit: a client that stored local midnight converted to UTC east of Greenwich
 * ("1974-07-21T22:00:00Z") reads a day early; no Outlook client is known here to do so.
 */
final class GraphBirthday {

    private GraphBirthday() {
    }

    /** The ISO date, or null for none or a value that is no date. */
    static String read(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toLocalDate().toString();
        } catch (DateTimeException notADateTime) {
            try {
                return LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v).toString();
            } catch (DateTimeException notADate) {
                return null;
            }
        }
    }

    static String write(String isoDate) {
        try {
            return LocalDate.parse(isoDate) + "T00:00:00Z";
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("birthday slot must be an ISO date (yyyy-mm-dd): " + isoDate, e);
        }
    }
}
