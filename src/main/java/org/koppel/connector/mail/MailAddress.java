package org.koppel.connector.mail;

/**
 * One address of a mail.
 *
 * @param address the addr-spec, lower case (compared with the CRM's addresses case-insensitively)
 * @param name the display name, decoded (RFC 2047), or null
 */
public record MailAddress(String address, String name) {
}
