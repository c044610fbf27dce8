package org.koppel.crm.agenda;

/**
 * One occurrence of a series edited on its own (moved, renamed, another room): an iCalendar override
 * with a RECURRENCE-ID, an Outlook "exception". {@code occurrence} is the start it has in the series;
 * {@code start} and {@code end} where it takes place instead (absent: as the series says). All three are
 * ISO instants for a timed series ({@code 2026-12-10T08:00:00Z}) and dates for an all-day one.
 * Absent text fields are as the series says.
 */
public record OccurrenceEdit(String occurrence, String start, String end, String subject, String location,
                             String description) {
}
