package org.koppel.crm.mail;

/**
 * A relation that has one of a mail's addresses.
 *
 * @param organisationId for a person matched by the work address of a contact role: that role's
 *                       organisation, which the mail is logged under too; else null
 */
public record AddressMatch(String address, long relationId, String relationName, Long organisationId) {
}
