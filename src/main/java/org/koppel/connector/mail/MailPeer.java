package org.koppel.connector.mail;

import java.util.Collection;

/**
 * A mailbox whose marked mails are logged in the CRM (an IMAP account, a Microsoft 365 mailbox). Mail
 * flows one way only, into the CRM: the peer lists what a person marked, hands over each mail's
 * content, and takes the result marks. It never deletes or moves a mail, and never changes anything
 * of a mail but its marks (IMAP keywords, Outlook categories), keeping every other mark it carries.
 *
 * <p>Errors are typed as for every peer ({@link org.koppel.connector.PeerException}): a mail that cannot
 * be read is {@code ItemRejected} (the run goes on), a mailbox that is gone or a setting that is wrong
 * is {@code Configuration}, a refused sign-in {@code AuthExpired}, a busy server {@code Transient}.
 */
public interface MailPeer extends org.koppel.connector.Peer {

    /**
     * The mails that carry {@code query.marks().mark()} and neither result mark, received on or after
     * {@code query.notBefore()} (null: any date), oldest first, at most {@code query.limit()}.
     *
     * @param cursor what the last call returned as {@link MarkedMails#cursor()}, null on the first run
     *               or when it was lost; the peer may use it to list only what changed since (IMAP
     *               CONDSTORE, Graph delta) but must never, through it, miss a marked mail it has not
     *               returned yet (those beyond the limit, say)
     */
    MarkedMails marked(MailQuery query, String cursor);

    /** The mail as RFC 5322 bytes (headers, MIME body, attachments), read without marking it seen. */
    byte[] content(MailRef mail);

    /** Adds {@code mark} to each mail, keeping the marks it has (the person's own mark included). */
    void mark(Collection<MailRef> mails, String mark);
}
