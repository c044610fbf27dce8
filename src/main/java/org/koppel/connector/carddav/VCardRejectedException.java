package org.koppel.connector.carddav;

/**
 * A peer's card Koppel cannot read. The sync engine records it as "item rejected" with this reason
 * and goes on with the next item: one broken card must never stop a run, and it must never be
 * "repaired" by writing back a guess of what it held.
 */
public final class VCardRejectedException extends org.koppel.connector.dav.UnreadableMemberException {

    /** Why the card was refused; stable names the run report can show and count. */
    public enum Reason {
        /** Nothing but whitespace. */
        EMPTY,
        /** No BEGIN:VCARD … END:VCARD at all, e.g. an HTML error page served as the resource. */
        NOT_A_VCARD,
        /** BEGIN:VCARD without END:VCARD: a cut-off download; writing it back would lose the rest. */
        TRUNCATED,
        /** A CardDAV resource holds exactly one card (RFC 6352); several cannot be mapped to one relation. */
        MORE_THAN_ONE_CARD,
        /** The parser itself failed. */
        UNREADABLE
    }

    private final Reason reason;

    VCardRejectedException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    VCardRejectedException(Reason reason, String detail, Throwable cause) {
        super("vCard rejected (" + reason + "): " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
