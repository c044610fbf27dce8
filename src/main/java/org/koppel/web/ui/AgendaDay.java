package org.koppel.web.ui;

import java.time.LocalDate;
import java.util.List;

/** One day of the agenda page with the appointments that touch it, in start order. */
record AgendaDay(LocalDate date, String label, boolean today, List<AgendaEntry> entries) {
}
