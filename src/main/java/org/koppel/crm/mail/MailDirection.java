package org.koppel.crm.mail;

/** Whether a logged mail came in or went out: outbound when an employee's address sent it. */
public enum MailDirection { INBOUND, OUTBOUND }
