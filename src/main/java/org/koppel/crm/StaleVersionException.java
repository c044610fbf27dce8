package org.koppel.crm;

/** A write based on a version of the record that is no longer current. Nothing was changed. */
public class StaleVersionException extends RuntimeException {

    private final long currentVersion;

    public StaleVersionException(String what, long id, long expected, long current) {
        super(what + " " + id + " is at version " + current + ", the change was based on version " + expected
                + "; reload it and apply the change again");
        this.currentVersion = current;
    }

    /** Refuses a write based on another version than {@code current}; no expectation means no check. */
    public static void require(String what, long id, Long expected, long current) {
        if (expected != null && expected != current) throw new StaleVersionException(what, id, expected, current);
    }

    public long currentVersion() {
        return currentVersion;
    }
}
