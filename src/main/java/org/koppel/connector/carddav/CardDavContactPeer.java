package org.koppel.connector.carddav;

import org.koppel.connector.PeerItem;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavItemPeer;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.ObjectMapper;

/**
 * One CardDAV address book as the sync engine's contact peer: the {@link DavItemPeer} protocol
 * with vCards mapped to contact slots by {@link VCardContacts}.
 */
public final class CardDavContactPeer extends DavItemPeer {

    private final VCardContacts cards = new VCardContacts();

    public CardDavContactPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json) {
        super(client, syncCollection, json);
    }

    @Override
    protected String uidFor(long crmId) {
        return "koppel-" + crmId;
    }

    @Override
    protected PeerItem item(String href, String etag, String vcard) {
        return new PeerItem(href, etag, cards.stampedCrmId(vcard), Snapshot.of(cards.read(vcard)), cards.categories(vcard),
                vcard, cards.revision(vcard));
    }

    @Override
    protected String write(String existing, Snapshot values, String uid, long crmId) {
        return cards.write(existing, values.values(), uid, crmId);
    }

    @Override
    protected String uid(String vcard) {
        return cards.uid(vcard);
    }
}
