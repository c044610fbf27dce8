package org.koppel.connector.mail;

import java.time.Instant;

/**
 * Which marked mails a run asks for.
 *
 * @param notBefore mails received before this are left alone (null: no date filter)
 * @param limit at most this many per run, oldest first (CRMcorner: 150)
 */
public record MailQuery(MailMarks marks, Instant notBefore, int limit) {
}
