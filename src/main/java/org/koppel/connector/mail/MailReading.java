package org.koppel.connector.mail;

/**
 * How a mail's content is read.
 *
 * @param attachmentLimit attachments up to this many bytes are kept; larger ones, and all when 0, are
 *                        listed with their name and size but their content is left out
 * @param remoteImages whether the sanitised HTML may load images from the internet (which tells the
 *                     sender the mail was opened); off by default
 */
public record MailReading(long attachmentLimit, boolean remoteImages) {
}
