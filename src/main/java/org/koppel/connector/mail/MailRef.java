package org.koppel.connector.mail;

import java.time.Instant;

/**
 * One mail in a mailbox, as listed: enough to order it, fetch it and mark it.
 *
 * @param id the peer's id of the mail (IMAP: UIDVALIDITY and UID; Graph: the message id)
 * @param folder the folder it is in, as the peer names it (for reports: "INBOX", "Sent Items")
 * @param received when the mailbox received (or sent) it; orders the run's mails, oldest first
 * @param size its size in bytes when the peer tells it before fetching, else -1
 */
public record MailRef(String id, String folder, Instant received, long size) {
}
