package org.koppel.sync;

public enum DataType { CONTACTS, APPOINTMENTS, TASKS, EMAIL }
