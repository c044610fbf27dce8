package org.koppel.connector.mail;

/**
 * The names of the marks a person and Koppel put on mails: an IMAP keyword or an Outlook category each.
 *
 * @param mark the person's "log this mail" (default "Koppel")
 * @param processed Koppel's "logged" (default "Processed")
 * @param notFound Koppel's "not logged": no relation has any of its addresses (default "Not found")
 */
public record MailMarks(String mark, String processed, String notFound) {

    public static MailMarks defaults() {
        return new MailMarks("Koppel", "Processed", "Not found");
    }
}
