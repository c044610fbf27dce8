package org.koppel.connector.carddav;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.koppel.connector.dav.DavAuthException;
import org.koppel.connector.dav.DavCollectionClient;
import org.koppel.connector.dav.DavConfigurationException;
import org.koppel.connector.dav.DavCursor;
import org.koppel.connector.dav.DavItemRejectedException;
import org.koppel.connector.dav.DavProtocolException;
import org.koppel.connector.dav.DavResource;
import org.koppel.connector.dav.DavTransientException;
import org.koppel.connector.dav.MemberEtag;
import org.koppel.connector.dav.MultigetResult;
import org.koppel.connector.dav.PreconditionFailedException;
import org.koppel.connector.dav.SyncResult;
import org.koppel.connector.dav.SyncTokenExpiredException;
import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.ObjectMapper;

/**
 * One CardDAV address book as the sync engine's contact peer. Changes come from sync-collection
 * (RFC 6578) when the server offers it, else from the CTag and an ETag listing; contents come in
 * addressbook-multiget batches; every write carries a precondition (If-None-Match: * on create,
 * If-Match on update and delete). Cards of Koppel records live at an address derived from the CRM
 * id, so a create repeated after a crash finds the first card instead of making a second.
 */
public final class CardDavContactPeer implements ItemPeer, AutoCloseable {

    private final DavCollectionClient client;
    private final VCardContacts cards = new VCardContacts();
    private final ObjectMapper json;
    private final boolean syncCollection;

    public CardDavContactPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json) {
        this.client = client;
        this.syncCollection = syncCollection;
        this.json = json;
    }

    static String uidFor(long crmId) {
        return "koppel-" + crmId;
    }

    @Override
    public PeerDelta changes(String cursor, Function<String, String> knownVersion) {
        DavCursor from = json.readValue(cursor, DavCursor.class);
        if (from.version() != DavCursor.CURRENT) throw new PeerException.CursorExpired("cursor of an older Koppel", null);
        return translate(() -> {
            if (syncCollection && from.syncToken() != null) {
                SyncResult result = client.syncCollection(from.syncToken());
                var wanted = result.changed().stream().filter(m -> !isKnown(m, knownVersion)).map(MemberEtag::href).toList();
                var delta = read(wanted);
                return new PeerDelta(delta.items(), result.removed(), Set.of(), false, cursor(result.syncToken(), null),
                        delta.rejected());
            }
            String ctag = client.ctag().orElse(null);
            if (ctag != null && ctag.equals(from.ctag())) {
                return new PeerDelta(List.of(), List.of(), Set.of(), false, cursor(null, ctag));
            }
            return fullListing(knownVersion);
        });
    }

    @Override
    public PeerDelta fullListing(Function<String, String> knownVersion) {
        return translate(() -> {
            // The position is read before the listing: a change made during the listing is seen again next time.
            String token = syncCollection ? client.syncToken().orElse(null) : null;
            String ctag = syncCollection ? null : client.ctag().orElse(null);
            List<MemberEtag> members = client.listEtags();
            var present = new HashSet<String>();
            var wanted = new ArrayList<String>();
            for (MemberEtag m : members) {
                present.add(m.href());
                if (!isKnown(m, knownVersion)) wanted.add(m.href());
            }
            var delta = read(wanted);
            return new PeerDelta(delta.items(), List.of(), present, true, cursor(token, ctag), delta.rejected());
        });
    }

    @Override
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return translate(() -> {
            var result = new HashMap<String, PeerItem>();
            read(List.copyOf(peerIds)).items().forEach(item -> result.put(item.peerId(), item));
            return result;
        });
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        return translate(() -> {
            String uid = uidFor(crmId);
            String href = client.hrefForUid(uid);
            String vcard = cards.write(null, values.values(), uid, crmId);
            try {
                String etag = client.create(href, vcard);
                return new Created(item(href, etag, vcard), false);
            } catch (PreconditionFailedException exists) {
                DavResource found = client.get(href).orElseThrow(() -> new PeerException.Transient(
                        href + " was there on create and gone on read", null, exists));
                return new Created(item(found.href(), found.etag(), found.data()), true);
            }
        });
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return translate(() -> {
            String uid = current.raw() == null ? uidFor(crmId) : cards.uid(current.raw());
            String vcard = cards.write(current.raw(), values.values(), uid == null ? uidFor(crmId) : uid, crmId);
            try {
                return item(current.peerId(), client.update(current.peerId(), current.version(), vcard), vcard);
            } catch (PreconditionFailedException changed) {
                throw new PeerException.VersionMismatch(current.peerId() + " changed in the address book meanwhile", changed);
            }
        });
    }

    @Override
    public void delete(String peerId, String version) {
        translate(() -> {
            try {
                client.delete(peerId, version);
            } catch (PreconditionFailedException changed) {
                throw new PeerException.VersionMismatch(peerId + " changed in the address book meanwhile", changed);
            }
            return null;
        });
    }

    @Override
    public long requests() {
        return client.requestCount();
    }

    @Override
    public void close() {
        client.close();
    }

    private record Read(List<PeerItem> items, Map<String, String> rejected) {
    }

    private Read read(List<String> hrefs) {
        var items = new ArrayList<PeerItem>();
        var rejected = new HashMap<String, String>();
        if (hrefs.isEmpty()) return new Read(items, rejected);
        MultigetResult got = client.multiget(hrefs);
        // Too large to read (a 50 MB PHOTO, say): reported with its reason, the run goes on.
        got.skipped().forEach((href, reason) -> rejected.put(client.normalize(href), reason));
        for (DavResource r : got.found().values()) {
            try {
                items.add(item(r.href(), r.etag(), r.data()));
            } catch (VCardRejectedException e) {
                rejected.put(r.href(), "the card cannot be read: " + e.getMessage());
            }
        }
        return new Read(items, rejected);
    }

    private PeerItem item(String href, String etag, String vcard) {
        return new PeerItem(client.normalize(href), etag, cards.stampedCrmId(vcard), Snapshot.of(cards.read(vcard)), cards.categories(vcard),
                vcard, cards.revision(vcard));
    }

    private static boolean isKnown(MemberEtag member, Function<String, String> knownVersion) {
        String known = knownVersion.apply(member.href());
        return known != null && member.etag().map(known::equals).orElse(false);
    }

    private String cursor(String syncToken, String ctag) {
        return json.writeValueAsString(new DavCursor(DavCursor.CURRENT, syncToken, ctag));
    }

    /** The client's typed failures as the engine's (DESIGN.md rule 12). */
    private static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (SyncTokenExpiredException e) {
            throw new PeerException.CursorExpired(e.getMessage(), e);
        } catch (DavAuthException e) {
            throw new PeerException.AuthExpired(e.getMessage(), e);
        } catch (DavTransientException e) {
            throw new PeerException.Transient(e.getMessage(), e.retryAfter().orElse(null), e);
        } catch (DavItemRejectedException e) {
            throw new PeerException.ItemRejected(e.getMessage(), e);
        } catch (DavConfigurationException e) {
            throw new PeerException.Configuration(e.getMessage(), e);
        } catch (DavProtocolException e) {
            throw new PeerException.Transient("the server's answer could not be read: " + e.getMessage(), null, e);
        } catch (VCardRejectedException e) {
            throw new PeerException.ItemRejected(e.getMessage(), e);
        }
    }
}
