package org.koppel.crm;

public class NotFoundException extends RuntimeException {

    private final String what;
    private final Object id;

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
        this.what = what;
        this.id = id;
    }

    /** The kind of record asked for, as named in the message ("relation", "import queue entry"). */
    public String what() {
        return what;
    }

    public Object id() {
        return id;
    }
}
