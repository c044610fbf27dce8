package org.koppel.web.ui;

/** What the page layout shows of the signed-in employee. */
public record CurrentUser(long employeeId, String login, String displayName, boolean admin) {
}
