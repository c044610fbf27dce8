package org.koppel.security;

/** A host Koppel may not reach, by {@link OutboundPolicy}; the message says why and who can change it. */
public class OutboundRefusedException extends RuntimeException {

    public OutboundRefusedException(String reason) {
        super(reason);
    }
}
