package org.koppel.crm;

/** A write based on a version of the record that is no longer current. Nothing was changed. */
public class StaleVersionException extends RuntimeException {

    private final long currentVersion;

    public StaleVersionException(String what, long id, long expected, long current) {
        super(what + " " + id + " is at version " + current + ", the change was based on version " + expected
                + "; reload it and apply the change again");
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
