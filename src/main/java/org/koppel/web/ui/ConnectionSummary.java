package org.koppel.web.ui;

import org.koppel.runtime.Connection;

/** A connection as the list shows it: who owns it and how its last run went (null before the first). */
public record ConnectionSummary(Connection connection, String ownerName, RunSummary lastRun) {
}
