package org.koppel.crm.mail;

/** One recipient of a logged mail; {@code address} in lower case. */
public record Recipient(Role role, String address, String name) {

    public enum Role { TO, CC, BCC }
}
