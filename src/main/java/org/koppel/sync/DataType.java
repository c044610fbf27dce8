package org.koppel.sync;

/**
 * What a connection syncs. {@code RELATIONS} are organisations and persons as a source system that
 * owns them holds them (docs/source-system.md); {@code CONTACTS} are persons in an address book.
 */
public enum DataType { CONTACTS, APPOINTMENTS, TASKS, EMAIL, RELATIONS }
