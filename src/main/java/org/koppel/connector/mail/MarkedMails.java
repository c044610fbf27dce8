package org.koppel.connector.mail;

import java.util.List;

/**
 * What {@link MailPeer#marked} found.
 *
 * @param mails oldest first, at most the query's limit
 * @param more true when further marked mails wait beyond the limit (the runner then runs again soon)
 * @param cursor to hand to the next call; saved by the runner only after the mails were logged and marked
 */
public record MarkedMails(List<MailRef> mails, boolean more, String cursor) {
}
