package org.koppel.connector.dav;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The WebDAV protocol for one collection, a CardDAV address book or a CalDAV calendar ({@link
 * DavCollectionKind}): change detection, batched fetches and conditional writes. Raw member text
 * (vCard, iCalendar), hrefs (canonical, see {@link Hrefs}) and ETags in and out; no mapping.
 *
 * <p>No method retries on its own: a {@link DavTransientException} says when to come back, and the
 * runtime's retry policy decides. Thread-safe as far as the underlying {@link DavTransport} is.
 */
public final class DavCollectionClient implements AutoCloseable {

    /** Safety stop for a server that keeps answering 507 with fresh tokens forever. */
    private static final int MAX_SYNC_PAGES = 10_000;

    private final DavCollectionKind kind;
    private final DavTransport transport;
    private final URI addressBook;
    private final String addressBookPath;
    private final Clock clock;
    private final boolean ownsTransport;

    /** A client on a shared transport (one per account); closing the client leaves the transport open. */
    public DavCollectionClient(DavCollectionKind kind, DavTransport transport, URI addressBook) {
        this(kind, transport, addressBook, false);
    }

    private DavCollectionClient(DavCollectionKind kind, DavTransport transport, URI addressBook, boolean ownsTransport) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.ownsTransport = ownsTransport;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.addressBook = Hrefs.collection(addressBook);
        this.addressBookPath = this.addressBook.getRawPath();
        this.clock = transport.settings().clock();
    }

    /** A client with a transport of its own, closed with the client. */
    public static DavCollectionClient open(DavCollectionKind kind, URI addressBook, DavCredentials credentials,
            DavSettings settings) {
        return new DavCollectionClient(kind, new DavTransport(credentials, settings), addressBook, true);
    }

    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    /** The collection's URL, ending in '/'. */
    public URI addressBook() {
        return addressBook;
    }

    public DavCollectionKind kind() {
        return kind;
    }

    /** Every HTTP request sent through this client's transport; see {@link DavTransport#requestCount()}. */
    public long requestCount() {
        return transport.requestCount();
    }

    /** The href to create a member with this UID at ({@code <uid>.vcf}, {@code <uid>.ics}); see {@link Hrefs#forUid}. */
    public String hrefForUid(String uid) {
        return Hrefs.forUid(addressBook, uid, kind.extension());
    }

    /** The canonical form of a href the server or the caller wrote some other way. */
    public String normalize(String href) {
        return Hrefs.normalize(addressBook, href);
    }

    // ---- change detection -------------------------------------------------------------------

    /**
     * Changes since {@code syncToken}, or every card when it is null (initial sync, RFC 6578 §3.4).
     * A truncated answer (§3.6: a 507 for the address book itself) is followed up with the token it
     * returned until the server says it is complete; the pages are merged, a later page winning.
     *
     * @throws SyncTokenExpiredException the server no longer knows the token: list everything
     */
    public SyncResult syncCollection(String syncToken) {
        Map<String, MemberEtag> changed = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        String token = syncToken;
        for (int page = 1; ; page++) {
            MultiStatus ms = syncReport(token);
            boolean truncated = false;
            for (MultiStatus.Entry e : ms.entries()) {
                String href = normalize(e.href());
                if (href.equals(addressBookPath)) {
                    truncated |= e.status().equals(OptionalInt.of(507));
                } else if (Hrefs.isMember(addressBook, href)) {
                    merge(e, href, changed, removed);
                }
            }
            String next = ms.syncToken().orElseThrow(() -> new DavProtocolException(
                    "sync-collection on " + addressBook + " returned no DAV:sync-token (RFC 6578 §6.4)"));
            if (!truncated) {
                return new SyncResult(List.copyOf(changed.values()), List.copyOf(removed), next);
            }
            if (next.equals(token) || page >= MAX_SYNC_PAGES) {
                throw new DavProtocolException("sync-collection on " + addressBook
                        + " stays truncated (507) without advancing its token " + next);
            }
            token = next;
        }
    }

    private static void merge(MultiStatus.Entry e, String href, Map<String, MemberEtag> changed, Set<String> removed) {
        if (e.status().equals(OptionalInt.of(404))) {
            // RFC 6578 §3.5.2: a removed member is a response with status 404 and no propstat.
            changed.remove(href);
            removed.add(href);
        } else {
            // §3.5.1: anything else is new or changed; its ETag comes in the propstat.
            removed.remove(href);
            changed.put(href, new MemberEtag(href, e.text(DavName.GETETAG)));
        }
    }

    private MultiStatus syncReport(String token) {
        // RFC 6578 §3.2: the REPORT is defined for Depth 0 only; sync-level in the body sets the scope.
        DavRequest request = DavRequest.of("REPORT", addressBook).depth(0)
                .xml(DavXmlWriter.syncCollection(token, DavName.GETETAG));
        DavResponse r = transport.send(request);
        if (r.status() == 207) {
            return r.multiStatus();
        }
        // §3.2: an unknown or expired token fails the DAV:valid-sync-token precondition, with 403
        // (RFC 4918 §16) or 409; some servers pick another 4xx, the precondition is what counts.
        if (token != null && r.status() >= 400 && r.status() < 500 && r.status() != 401
                && DavXmlReader.errorBody(r).names(DavName.VALID_SYNC_TOKEN)) {
            throw new SyncTokenExpiredException(token, r.status());
        }
        throw DavErrors.forCollection(r, clock);
    }

    /**
     * Every card with its ETag, by PROPFIND Depth 1 (RFC 4918 §9.1): the fallback when the server
     * has no sync-collection or the token expired. Compare with the links' ETags, then multiget.
     */
    public List<MemberEtag> listEtags() {
        return members(propfind(addressBook, 1, DavName.GETETAG, DavName.RESOURCETYPE));
    }

    private List<MemberEtag> members(MultiStatus ms) {
        List<MemberEtag> members = new ArrayList<>();
        for (MultiStatus.Entry e : ms.entries()) {
            String href = normalize(e.href());
            // The address book lists itself (Radicale even with a getetag); sub-collections aren't cards.
            if (!Hrefs.isMember(addressBook, href) || e.hasResourceType(DavName.COLLECTION)) {
                continue;
            }
            if (e.status().isEmpty() || e.status().getAsInt() < 300) {
                members.add(new MemberEtag(href, e.text(DavName.GETETAG)));
            }
        }
        return members;
    }

    /**
     * The members holding a {@code component} (VEVENT) that touches {@code [from, to)}, with their
     * ETags, by calendar-query (RFC 4791 §7.8, §9.9): a calendar's listing without years of history.
     * Only for calendars.
     */
    public List<MemberEtag> listEtags(String component, java.time.Instant from, java.time.Instant to) {
        if (kind != DavCollectionKind.CALENDAR) {
            throw new IllegalStateException("calendar-query is for calendars, not " + addressBook);
        }
        // RFC 4791 §7.8: Depth 1 queries the calendar's members.
        DavResponse r = transport.send(DavRequest.of("REPORT", addressBook).depth(1)
                .xml(DavXmlWriter.calendarQuery(component, from, to)));
        if (r.status() != 207) {
            throw DavErrors.forCollection(r, clock);
        }
        return members(r.multiStatus());
    }

    /** The CTag (CalendarServer {@code getctag}): changes whenever any card does; absent if unsupported. */
    public Optional<String> ctag() {
        return collectionProperty(DavName.GETCTAG);
    }

    /** The current {@code DAV:sync-token} (RFC 6578 §4); absent when the server has no sync-collection. */
    public Optional<String> syncToken() {
        return collectionProperty(DavName.SYNC_TOKEN);
    }

    private Optional<String> collectionProperty(DavName name) {
        MultiStatus ms = propfind(addressBook, 0, name);
        return ms.entries().stream()
                .filter(e -> normalize(e.href()).equals(addressBookPath))
                .findFirst()
                .flatMap(e -> e.text(name));
    }

    // ---- fetching ---------------------------------------------------------------------------

    /**
     * The cards at these hrefs, by addressbook-multiget (RFC 6352 §8.7) in batches of
     * {@link DavSettings#multigetBatchSize()}: one request per batch instead of one GET per card.
     * A card above {@link DavSettings#maxCardBytes()} is skipped with its reason; cards beyond what
     * one answer may hold ({@link DavSettings#maxHeldCardBytes()}) are asked for again.
     */
    public MultigetResult multiget(List<String> hrefs) {
        Map<String, String> callerHref = new LinkedHashMap<>();
        for (String href : hrefs) {
            requireMember(href);
            callerHref.putIfAbsent(normalize(href), href);
        }
        Deque<String> pending = new ArrayDeque<>(callerHref.keySet());
        Map<String, DavResource> found = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        int batch = transport.settings().multigetBatchSize();
        while (!pending.isEmpty()) {
            List<String> slice = new ArrayList<>();
            while (slice.size() < batch && !pending.isEmpty()) {
                slice.add(pending.poll());
            }
            Batch got = multigetBatch(slice);
            for (String href : slice) {
                DavResource card = got.cards().get(href);
                if (card != null) {
                    found.put(callerHref.get(href), card);
                } else if (got.skipped().containsKey(href)) {
                    skipped.put(callerHref.get(href), got.skipped().get(href));
                } else if (!got.deferred().contains(href)) {
                    missing.add(callerHref.get(href));
                }
            }
            // The reader keeps at least one card per answer, so the deferred ones shrink each round.
            for (int i = slice.size() - 1; i >= 0; i--) {
                if (got.deferred().contains(slice.get(i))) {
                    pending.addFirst(slice.get(i));
                }
            }
        }
        return new MultigetResult(found, missing, skipped);
    }

    private record Batch(Map<String, DavResource> cards, Map<String, String> skipped, Set<String> deferred) {
    }

    private Batch multigetBatch(List<String> hrefs) {
        // RFC 6352 §8.7 says Depth 0 (erratum 4610 notes its examples use 1); servers ignore it.
        DavRequest request = DavRequest.of("REPORT", addressBook).depth(0).xml(DavXmlWriter.multiget(kind, hrefs));
        Set<String> wanted = Set.copyOf(hrefs);
        // Cards nobody asked for are not kept, however many the server sends.
        DavResponse r = transport.send(request, DavXmlReader.ReadLimits.of(transport.settings())
                .keeping(href -> wanted.contains(normalize(href))).naming(kind.noun()));
        if (r.status() != 207) {
            throw DavErrors.forCollection(r, clock);
        }
        MultiStatus ms = r.multiStatus();
        Map<String, DavResource> cards = new HashMap<>();
        for (MultiStatus.Entry e : ms.entries()) {
            String href = normalize(e.href());
            Optional<String> etag = e.text(DavName.GETETAG);
            Optional<String> data = e.prop(kind.data()).map(MultiStatus.Prop::text);
            // A 404 entry, or one without data, is a card deleted since it was listed.
            if (etag.isPresent() && data.isPresent() && !data.get().isBlank()) {
                cards.put(href, new DavResource(href, etag.get(), data.get()));
            }
        }
        Map<String, String> skipped = new HashMap<>();
        ms.skipped().forEach((href, reason) -> skipped.put(normalize(href), reason));
        Set<String> deferred = new HashSet<>();
        ms.deferred().forEach(href -> deferred.add(normalize(href)));
        return new Batch(cards, skipped, deferred);
    }

    /** One card by GET; empty when it is gone (404, 410). */
    public Optional<DavResource> get(String href) {
        requireMember(href);
        String canonical = normalize(href);
        DavResponse r = transport.send(DavRequest.of("GET", resolve(canonical)).header("Accept", kind.mediaType()));
        if (r.status() == 404 || r.status() == 410) {
            return Optional.empty();
        }
        if (r.status() != 200) {
            throw DavErrors.forCollection(r, clock);
        }
        if (r.truncated()) {
            throw new DavItemRejectedException(canonical, 200, null, null, kind.noun() + " larger than "
                    + DavSettings.size(transport.settings().maxCardBytes()) + " skipped");
        }
        String etag = r.header("ETag").orElseGet(() -> fetchEtag(canonical));
        return Optional.of(new DavResource(canonical, etag, r.text()));
    }

    // ---- writing ----------------------------------------------------------------------------

    /**
     * Creates a card only if nothing exists at {@code href} ({@code If-None-Match: *}, RFC 6352
     * §6.3.2, RFC 7232 §3.2), so a create repeated after a crash can't overwrite.
     *
     * @return the new ETag
     * @throws PreconditionFailedException something is there already: fetch it and link it
     */
    public String create(String href, String vcard) {
        return put(href, vcard, "If-None-Match", "*", "a card already exists at ");
    }

    /**
     * Replaces a card only if it is still the version {@code etag} names ({@code If-Match}, RFC 7232
     * §3.1), so a change made meanwhile in the peer is never overwritten blindly.
     *
     * @return the new ETag
     * @throws PreconditionFailedException the card changed or vanished: refetch and merge
     */
    public String update(String href, String etag, String vcard) {
        Objects.requireNonNull(etag, "etag: an update without the ETag read would overwrite blindly");
        return put(href, vcard, "If-Match", entityTag(etag), "the card changed since ETag " + etag + " at ");
    }

    private String put(String href, String vcard, String condition, String value, String lostMessage) {
        Objects.requireNonNull(vcard, "vcard");
        requireMember(href);
        String canonical = normalize(href);
        DavResponse r = transport.send(DavRequest.of("PUT", resolve(canonical)).header(condition, value).body(kind.contentType(), vcard));
        if (r.isSuccess()) {
            // RFC 6352 §6.3.2.3: a server that stored the card altered returns no ETag; ask for it.
            return r.header("ETag").orElseGet(() -> fetchEtag(canonical));
        }
        // RFC 7232 §3.1: If-Match on a card that is gone fails too (412); a 404 here means the same.
        if (r.status() == 412 || (r.status() == 404 && condition.equals("If-Match"))) {
            throw new PreconditionFailedException(canonical, r.status(), lostMessage + canonical);
        }
        throw DavErrors.forItem(r, canonical, clock);
    }

    /**
     * Deletes a card if it is still the version {@code etag} names. A card already gone is fine:
     * the goal is reached.
     *
     * @throws PreconditionFailedException the card changed since it was read: it stays
     */
    public void delete(String href, String etag) {
        Objects.requireNonNull(etag, "etag: a delete without the ETag read could drop a newer change");
        requireMember(href);
        String canonical = normalize(href);
        DavResponse r = transport.send(DavRequest.of("DELETE", resolve(canonical)).header("If-Match", entityTag(etag)));
        if (r.status() == 404 || r.status() == 410) {
            return;
        }
        if (r.status() == 412) {
            throw new PreconditionFailedException(canonical, 412, "the card changed since ETag " + etag + " at "
                    + canonical + "; not deleted");
        }
        if (r.status() == 207) {
            // RFC 4918 §9.6.1: a 207 to DELETE lists what could not be deleted.
            for (MultiStatus.Entry e : r.multiStatus().entries()) {
                if (e.status().isPresent() && e.status().getAsInt() >= 300 && e.status().getAsInt() != 404) {
                    throw new DavItemRejectedException(canonical, e.status().getAsInt(), null, null,
                            r.describe() + ": " + e.href() + " not deleted (" + e.status().getAsInt() + ")");
                }
            }
            return;
        }
        if (!r.isSuccess()) {
            throw DavErrors.forItem(r, canonical, clock);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String fetchEtag(String canonical) {
        MultiStatus ms = propfind(resolve(canonical), 0, DavName.GETETAG);
        return ms.entries().stream()
                .filter(e -> normalize(e.href()).equals(canonical))
                .findFirst()
                .flatMap(e -> e.text(DavName.GETETAG))
                .orElseThrow(() -> new DavProtocolException("no DAV:getetag for " + canonical));
    }

    private MultiStatus propfind(URI target, int depth, DavName... props) {
        DavResponse r = transport.send(DavRequest.of("PROPFIND", target).depth(depth).xml(DavXmlWriter.propfind(props)));
        if (r.status() != 207) {
            throw DavErrors.forCollection(r, clock);
        }
        return r.multiStatus();
    }

    private URI resolve(String canonicalHref) {
        return Hrefs.resolve(addressBook, canonicalHref);
    }

    /** Writes go only to cards of this address book, whatever href a server or a link held. */
    private void requireMember(String href) {
        if (!Hrefs.isMember(addressBook, href)) {
            throw new IllegalArgumentException(href + " is not a member of " + addressBook);
        }
    }

    /**
     * An entity-tag as If-Match needs it (RFC 7232 §2.3): quoted. Stored ETags come quoted from the
     * server; a bare one (some callers strip quotes) gets its quotes back.
     */
    static String entityTag(String etag) {
        String e = etag.strip();
        return e.startsWith("\"") || e.startsWith("W/\"") ? e : "\"" + e + "\"";
    }
}
