package org.koppel.crm;

/** The kinds of record the change log speaks of. */
public enum RecordType { ORGANISATION, PERSON, LEAD, EMPLOYEE, GROUP, CUSTOM_FIELD, APPOINTMENT, TASK }
