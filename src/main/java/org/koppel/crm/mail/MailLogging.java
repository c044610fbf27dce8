package org.koppel.crm.mail;

import java.util.Set;

/**
 * How one mailbox's mails are logged, from its owner's e-mail settings.
 *
 * @param employeeId the mailbox's owner, who logs the mail
 * @param connectionId the mailbox's connection (null when logged otherwise)
 * @param directions which mails are logged: inbound, outbound or both (webCRM: an arrow each)
 * @param underEveryMatch when one address belongs to several relations: log the mail under all of them
 *                        (true), or leave it unlogged and say which relations share the address (false)
 */
public record MailLogging(long employeeId, Long connectionId, Set<MailDirection> directions, boolean underEveryMatch) {
}
