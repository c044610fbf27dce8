package org.koppel.connector.mail;

/**
 * One attachment (or inline part, such as an image the HTML shows through {@code cid:}).
 *
 * @param fileName decoded (RFC 2047 / 2231); made up ("attachment-2.pdf") when the mail gives none
 * @param size its decoded size in bytes
 * @param contentId the Content-ID without angle brackets, or null
 * @param content the bytes, or null when left out
 * @param leftOut why the content was left out ("25.0 MB is above the 10 MB limit"), null when kept
 */
public record MailAttachment(String fileName, String contentType, long size, String contentId, boolean inline,
                             byte[] content, String leftOut) {
}
