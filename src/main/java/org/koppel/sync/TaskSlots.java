package org.koppel.sync;

import java.util.List;

/**
 * The peer-side fields of a task that Koppel maps, by name, each one text value in a fixed form (a
 * connector converts its peer's form to these and back). A VTODO of CalDAV and a Microsoft To Do
 * task both read and write these.
 */
public final class TaskSlots {

    public static final String SUBJECT = "subject";
    /** The due date, ISO ({@code 2026-12-03}); absent: no due date. */
    public static final String DUE = "due";
    /** {@code completed}, or absent while the task is open. */
    public static final String STATUS = "status";
    public static final String COMPLETED = "completed";
    /** {@code high} or {@code low}; absent is normal. */
    public static final String PRIORITY = "priority";
    public static final String HIGH = "high";
    public static final String LOW = "low";
    /** The task's notes as the peer's body (plain text); webCRM copies an activity's notes into the task body. */
    public static final String NOTES = "notes";

    public static final List<String> ALL = List.of(SUBJECT, DUE, STATUS, PRIORITY, NOTES);

    /** How a person calls a slot, for run reports and the conflict log. */
    public static String label(String slot) {
        return switch (slot) {
            case SUBJECT -> "subject";
            case DUE -> "due date";
            case STATUS -> "status";
            case PRIORITY -> "priority";
            case NOTES -> "notes";
            default -> slot;
        };
    }

    private TaskSlots() {
    }
}
