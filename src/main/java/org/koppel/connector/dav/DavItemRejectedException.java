package org.koppel.connector.dav;

import java.util.Optional;

/**
 * The server refused one card (400, 413, 415, 422, 507, or 403/409 naming a precondition such as
 * {@code CARDDAV:valid-address-data} or {@code CARDDAV:no-uid-conflict}, RFC 6352 §6.3.2.1). The
 * run records the reason for this item and goes on with the others.
 */
public final class DavItemRejectedException extends DavException {

    private final String href;
    private final String condition;
    private final String conflictingHref;

    public DavItemRejectedException(String href, int status, String condition, String conflictingHref,
            String message) {
        super(message, status, null);
        this.href = href;
        this.condition = condition;
        this.conflictingHref = conflictingHref;
    }

    public String href() {
        return href;
    }

    /** The precondition the server named, as the RFCs write it: {@code CARDDAV:no-uid-conflict}. */
    public Optional<String> condition() {
        return Optional.ofNullable(condition);
    }

    /**
     * For {@code CARDDAV:no-uid-conflict}: the card that already holds this UID, when the server says
     * (RFC 6352 §6.3.2.1 asks it to; Radicale 3.1 does not).
     */
    public Optional<String> conflictingHref() {
        return Optional.ofNullable(conflictingHref);
    }

    public boolean isUidConflict() {
        return DavName.NO_UID_CONFLICT.toString().equals(condition)
                || DavName.NO_UID_CONFLICT_CALDAV.toString().equals(condition);
    }
}
