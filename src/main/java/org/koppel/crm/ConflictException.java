package org.koppel.crm;

/** A write that contradicts what is stored (a login already taken, a field still in use). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
