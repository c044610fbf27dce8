package org.koppel.sync;

/**
 * The hidden pair of a CRM record and a peer item, with the values both sides last agreed on
 * ({@code base}) and the versions then. {@code peerId} is null while the peer item is gone.
 */
public record Link(long id, long connectionId, DataType dataType, long crmId, String peerId, String peerVersion,
                   Snapshot base, long crmVersion) {

    public boolean peerGone() {
        return peerId == null;
    }
}
