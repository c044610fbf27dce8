package org.koppel.sync;

import java.util.List;

/**
 * The peer-side fields of an appointment that Koppel maps, by name, each one text value in a fixed
 * form so both sides compare equal when they mean the same (a connector converts its peer's form to
 * these and back). A VEVENT of CalDAV and an event of Microsoft Graph both read and write these.
 */
public final class AppointmentSlots {

    public static final String SUBJECT = "subject";
    /**
     * A timed appointment: the instant in UTC, ISO-8601 to the second ({@code 2026-12-03T08:00:00Z}).
     * An all-day one: its first date ({@code 2026-12-03}). The form tells which of the two it is.
     */
    public static final String START = "start";
    /** As {@link #START}; for an all-day appointment the day after its last one (exclusive, as DTEND). */
    public static final String END = "end";
    /** The IANA zone it was planned in ({@code Europe/Amsterdam}); a connector maps Windows zone names. */
    public static final String TIME_ZONE = "timeZone";
    public static final String LOCATION = "location";
    /** Plain text; a connector whose peer holds HTML keeps its text. */
    public static final String DESCRIPTION = "description";
    /** Minutes before the start, as a whole number; absent: no reminder. */
    public static final String REMINDER = "reminder";
    /** {@code true} when the appointment is private (visible to its organiser only); absent otherwise. */
    public static final String PRIVATE = "private";
    /** An RFC 5545 RRULE without the "RRULE:" prefix, in {@code RecurrenceRule.normal} form; absent: a single one. */
    public static final String RECURRENCE = "recurrence";
    /**
     * Occurrences left out of a series (EXDATE): comma-separated, sorted, each in the form of
     * {@link #START} (instants for a timed series, dates for an all-day one).
     */
    public static final String EXCEPTIONS = "exceptions";
    /**
     * Occurrences of a series edited on their own (RECURRENCE-ID overrides, Graph exceptions), in
     * {@link OccurrenceEdits} form. A connector writes the master and keeps the overrides the peer
     * holds; Koppel keeps them with the appointment, so an edit to one occurrence is never lost.
     */
    public static final String OCCURRENCE_EDITS = "occurrenceEdits";
    /**
     * Read from the peer only: the attendees and organiser as {@code Name <address>} lines, so a peer
     * appointment can be linked to the relations it concerns. Koppel never writes attendees: a peer
     * would send invitations.
     */
    public static final String ATTENDEES = "attendees";

    public static final List<String> ALL = List.of(SUBJECT, START, END, TIME_ZONE, LOCATION, DESCRIPTION, REMINDER,
            PRIVATE, RECURRENCE, EXCEPTIONS, OCCURRENCE_EDITS, ATTENDEES);

    /** How a person calls a slot, for run reports and the conflict log. */
    public static String label(String slot) {
        return switch (slot) {
            case SUBJECT -> "subject";
            case START -> "start";
            case END -> "end";
            case TIME_ZONE -> "time zone";
            case LOCATION -> "location";
            case DESCRIPTION -> "description";
            case REMINDER -> "reminder";
            case PRIVATE -> "private";
            case RECURRENCE -> "recurrence";
            case EXCEPTIONS -> "left-out occurrences";
            case OCCURRENCE_EDITS -> "edited occurrences";
            case ATTENDEES -> "attendees";
            default -> slot;
        };
    }

    private AppointmentSlots() {
    }
}
