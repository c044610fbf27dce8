/**
 * CalDAV calendars as appointment (VEVENT) and task (VTODO) peers: iCalendar ↔ slots with ical4j,
 * over the shared WebDAV protocol of {@code connector/dav}. Choices are in docs/caldav.md.
 */
package org.koppel.connector.caldav;
