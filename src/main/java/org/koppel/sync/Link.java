package org.koppel.sync;

/**
 * The hidden pair of a CRM record and a peer item, with the values both sides last agreed on
 * ({@code base}) and the versions then. {@code peerId} is null while the peer item is gone;
 * {@code sent} is a peer write whose outcome was not stored yet (usually null).
 */
public record Link(long id, long connectionId, DataType dataType, long crmId, String peerId, String peerVersion,
                   Base base, long crmVersion, Sent sent) {

    public boolean peerGone() {
        return peerId == null;
    }

    /** The base to merge the peer item against, as it is now: the stored base, corrected by a write left unconfirmed. */
    public Base baseAgainst(String itemVersion, Snapshot itemValues) {
        return sent == null ? base : sent.after(base, itemVersion, itemValues);
    }

    /** The same link with {@code base} as the agreed values and no write left unconfirmed. */
    public Link withBase(Snapshot agreed) {
        return new Link(id, connectionId, dataType, crmId, peerId, peerVersion, Base.of(agreed), crmVersion, null);
    }
}
