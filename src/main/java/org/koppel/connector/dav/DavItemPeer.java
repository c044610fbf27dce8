package org.koppel.connector.dav;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerDelta;
import org.koppel.connector.PeerException;
import org.koppel.connector.PeerItem;
import org.koppel.sync.Snapshot;

import tools.jackson.databind.ObjectMapper;

/**
 * One WebDAV collection (an address book, a calendar) as the sync engine's peer of one data type;
 * subclasses only map member text to slots and back. Changes come from sync-collection (RFC 6578)
 * when the server offers it, else from the CTag and an ETag listing; contents come in multiget
 * batches; every write carries a precondition (If-None-Match: * on create, If-Match on update and
 * delete). Members of Koppel records live at an address derived from the CRM id, so a create
 * repeated after a crash finds the first member instead of making a second.
 */
public abstract class DavItemPeer implements ItemPeer, AutoCloseable {

    protected final DavCollectionClient client;
    private final ObjectMapper json;
    private final boolean syncCollection;

    protected DavItemPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json) {
        this.client = client;
        this.syncCollection = syncCollection;
        this.json = json;
    }

    /** The UID (and so the href) of the member of a CRM record. */
    protected abstract String uidFor(long crmId);

    /**
     * The peer item of a member's text; null when the member is none of this peer's business (a
     * VTODO in a calendar read for its VEVENTs).
     *
     * @throws UnreadableMemberException the text cannot be read
     */
    protected abstract PeerItem item(String href, String etag, String text);

    /** The member text with {@code values} written: a new member when {@code existing} is null. */
    protected abstract String write(String existing, Snapshot values, String uid, long crmId);

    /** The UID in a member's text, or null. */
    protected abstract String uid(String text);

    /**
     * Which members of a full listing are worth fetching; all by default. A calendar narrows it to
     * a time range, so years of history are listed (cheap: hrefs and ETags) but not fetched.
     */
    protected Predicate<String> worthFetching() {
        return href -> true;
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
            Predicate<String> worth = worthFetching();
            var present = new HashSet<String>();
            var wanted = new ArrayList<String>();
            for (MemberEtag m : members) {
                present.add(m.href());
                if (!isKnown(m, knownVersion) && worth.test(m.href())) wanted.add(m.href());
            }
            var delta = read(wanted);
            return new PeerDelta(delta.items(), List.of(), present, true, cursor(token, ctag), delta.rejected());
        });
    }

    @Override
    /**
     * An item that exists but cannot be read (too large, no iCalendar) is an {@link PeerException.ItemRejected},
     * never left out: left out means deleted, and the engine would unlink it.
     */
    public Map<String, PeerItem> fetch(Collection<String> peerIds) {
        return translate(() -> {
            Read read = read(List.copyOf(peerIds));
            read.rejected().entrySet().stream().findFirst().ifPresent(r -> {
                throw new PeerException.ItemRejected(r.getKey() + ": " + r.getValue(), null);
            });
            var result = new HashMap<String, PeerItem>();
            read.items().forEach(item -> result.put(item.peerId(), item));
            return result;
        });
    }

    @Override
    public Created create(long crmId, Snapshot values) {
        return translate(() -> {
            String uid = uidFor(crmId);
            String href = client.hrefForUid(uid);
            String text = write(null, values, uid, crmId);
            try {
                String etag = client.create(href, text);
                return new Created(readable(href, etag, text), false);
            } catch (PreconditionFailedException exists) {
                DavResource found = client.get(href).orElseThrow(() -> new PeerException.Transient(
                        href + " was there on create and gone on read", null, exists));
                return new Created(readable(found.href(), found.etag(), found.data()), true);
            }
        });
    }

    @Override
    public PeerItem update(PeerItem current, Snapshot values, long crmId) {
        return translate(() -> {
            String uid = current.raw() == null ? null : uid(current.raw());
            String text = write(current.raw(), values, uid == null ? uidFor(crmId) : uid, crmId);
            try {
                return readable(current.peerId(), client.update(current.peerId(), current.version(), text), text);
            } catch (PreconditionFailedException changed) {
                throw new PeerException.VersionMismatch(current.peerId() + " changed in the peer meanwhile", changed);
            }
        });
    }

    @Override
    public void delete(String peerId, String version) {
        translate(() -> {
            try {
                client.delete(peerId, version);
            } catch (PreconditionFailedException changed) {
                throw new PeerException.VersionMismatch(peerId + " changed in the peer meanwhile", changed);
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
                PeerItem item = item(client.normalize(r.href()), r.etag(), r.data());
                if (item != null) items.add(item);
            } catch (UnreadableMemberException e) {
                rejected.put(r.href(), "the " + client.kind().noun() + " cannot be read: " + e.getMessage());
            }
        }
        return new Read(items, rejected);
    }

    /** An item Koppel itself wrote or was answered with; one it cannot read is rejected. */
    private PeerItem readable(String href, String etag, String text) {
        PeerItem item = item(client.normalize(href), etag, text);
        if (item == null) {
            throw new UnreadableMemberException(href + " holds no item of this peer's type", null);
        }
        return item;
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
        } catch (UnreadableMemberException e) {
            throw new PeerException.ItemRejected(e.getMessage(), e);
        }
    }
}
