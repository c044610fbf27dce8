package org.koppel.crm.mail;

/** A relation a mail is logged under, and the address of the mail that brought it there. */
public record LoggedUnder(long relationId, String address) {
}
