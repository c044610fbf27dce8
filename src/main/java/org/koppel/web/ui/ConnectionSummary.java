package org.koppel.web.ui;

import org.koppel.runtime.Connection;

/**
 * A connection as the list shows it: who owns it, how its last run went (null before the first) and,
 * when it is not syncing, why (null when it is).
 */
public record ConnectionSummary(Connection connection, String ownerName, RunSummary lastRun, FailureReason reason) {
}
