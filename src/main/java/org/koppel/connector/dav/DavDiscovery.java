package org.koppel.connector.dav;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a user's address books (CardDAV) or calendars (CalDAV), by the {@link DavCollectionKind}
 * given, from what a person types: a host name, or any URL on the server.
 *
 * <ol>
 *   <li>Context path: the URL as given, then {@code /.well-known/carddav} (RFC 6764 §5, redirects
 *       followed), then the root. A bare host tries https first, plain http only where allowed.</li>
 *   <li>{@code DAV:current-user-principal} there (RFC 5397 §3).</li>
 *   <li>{@code CARDDAV:addressbook-home-set} of the principal (RFC 6352 §7.1.1), or
 *       {@code CALDAV:calendar-home-set} (RFC 4791 §6.2.1).</li>
 *   <li>PROPFIND Depth 1 on each home set: the collections whose resourcetype holds
 *       {@code CARDDAV:addressbook} (RFC 6352 §5.2) or {@code CALDAV:calendar} (RFC 4791 §4.2), with
 *       displayname, CTag, sync-token, the components a calendar takes
 *       ({@code CALDAV:supported-calendar-component-set}, RFC 4791 §5.2.3) and
 *       whether sync-collection is supported.</li>
 * </ol>
 * DNS SRV lookup (RFC 6764 §3) is not done: the well-known URL covers the servers we meet.
 *
 * <p>The server is not trusted with where Koppel goes next: hrefs it returns are followed only on
 * the origin discovery is on (scheme, host, port), so a multistatus naming
 * {@code http://169.254.169.254/} or some inside host does not send the user's credentials there.
 * Two exceptions, both https only and both still subject to the {@link
 * org.koppel.security.OutboundPolicy}: the redirect of {@code /.well-known/carddav}, which RFC 6764
 * §5 lets point at another host, and a sibling host of the same domain
 * ({@code contacts.icloud.com} → {@code p57-contacts.icloud.com}, as iCloud hands out home sets).
 * An href refused is ignored, and the reason shows in the error when nothing else is found.
 */
public final class DavDiscovery {

    /** RFC 9110 §15.4 leaves the limit to clients; five is what browsers tolerate and more than DAV needs. */
    private static final int MAX_REDIRECTS = 5;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DavDiscovery.class);
    /** Shown and logged at most: a hostile server may name thousands of foreign hrefs. */
    private static final int MAX_IGNORED_SHOWN = 5;

    private final DavTransport transport;
    /** Hrefs not followed, with the reason; shown when discovery finds nothing. */
    private final List<String> ignored = new ArrayList<>();
    private int ignoredCount;

    private final DavCollectionKind kind;

    public DavDiscovery(DavTransport transport, DavCollectionKind kind) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param hostOrUrl "dav.example.com", "dav.example.com:8443" or "https://dav.example.com/some/path"
     * @throws DavAuthException          wrong user name or password: stops at once, no other URL tried
     * @throws DavConfigurationException no CardDAV service or no address-book home found; every
     *                                   attempt is attached as a suppressed exception
     */
    public DavAccount discover(String hostOrUrl) {
        List<URI> starts = startingPoints(hostOrUrl);
        List<DavException> attempts = new ArrayList<>();
        for (URI start : starts) {
            try {
                Optional<URI> principal = principalAt(start);
                if (principal.isPresent()) {
                    return account(principal.get());
                }
            } catch (DavAuthException e) {
                if (e.status().orElse(0) == 401) {
                    throw e; // wrong password: trying other URLs would only repeat it
                }
                attempts.add(e); // some servers forbid PROPFIND on / yet serve the well-known path
            } catch (DavException e) {
                attempts.add(e);
            }
        }
        DavException failure = attempts.stream().filter(DavAuthException.class::isInstance).findFirst()
                .orElseGet(() -> new DavConfigurationException("no " + service() + " service found for " + hostOrUrl
                        + " (tried " + starts + ")" + ignoredText()));
        attempts.stream().filter(e -> e != failure).forEach(failure::addSuppressed);
        throw failure;
    }

    /** The collections in one home set (PROPFIND Depth 1), e.g. to refresh a list shown to the user. */
    public List<DavCollectionInfo> collections(URI homeSet) {
        URI home = Hrefs.collection(homeSet);
        DavResponse r = send(DavRequest.of("PROPFIND", home).depth(1).xml(DavXmlWriter.propfind(DavName.RESOURCETYPE,
                DavName.DISPLAYNAME, DavName.GETCTAG, DavName.SYNC_TOKEN, DavName.SUPPORTED_REPORT_SET,
                DavName.SUPPORTED_CALENDAR_COMPONENT_SET)));
        if (r.status() != 207) {
            throw DavErrors.forCollection(r, transport.settings().clock());
        }
        List<DavCollectionInfo> books = new ArrayList<>();
        for (MultiStatus.Entry e : r.multiStatus().entries()) {
            if (e.hasResourceType(kind.resourceType())) {
                follow(home, e.href(), kind.resourceType().localName()).ifPresent(url -> books.add(info(Hrefs.collection(url), e)));
            }
        }
        return books;
    }

    private DavAccount account(URI principal) {
        MultiStatus.Entry entry = propfindSelf(principal, kind.homeSet());
        List<String> homeHrefs = entry.hrefs(kind.homeSet());
        if (homeHrefs.isEmpty()) {
            throw new DavConfigurationException("principal " + principal
                    + " has no " + kind.homeSet() + ": the account has no " + service() + " collections");
        }
        Set<URI> homes = new LinkedHashSet<>();
        homeHrefs.forEach(h -> follow(principal, h, "home set").ifPresent(url -> homes.add(Hrefs.collection(url))));
        if (homes.isEmpty()) {
            throw new DavConfigurationException("principal " + principal + " names no home set Koppel may follow"
                    + ignoredText());
        }
        List<DavCollectionInfo> books = new ArrayList<>();
        for (URI home : homes) {
            books.addAll(collections(home));
        }
        return new DavAccount(principal, List.copyOf(homes), books);
    }

    /**
     * The principal found from a context path. A server without RFC 5397 that reports a home set
     * right there makes the context path the principal.
     */
    private Optional<URI> principalAt(URI start) {
        FollowedEntry found = propfindFollowing(start, DavName.CURRENT_USER_PRINCIPAL, kind.homeSet());
        List<String> principal = found.entry().hrefs(DavName.CURRENT_USER_PRINCIPAL);
        if (!principal.isEmpty()) {
            return follow(found.url(), principal.get(0), "principal").map(Hrefs::collection);
        }
        if (!found.entry().hrefs(kind.homeSet()).isEmpty()) {
            return Optional.of(found.url());
        }
        return Optional.empty();
    }

    private record FollowedEntry(URI url, MultiStatus.Entry entry) {
    }

    /**
     * PROPFIND Depth 0 following redirects (RFC 6764 §5: /.well-known/carddav redirects to the
     * context path). Done here and not by the HTTP client so that an https → http redirect is
     * refused: following it would send the password in the clear.
     */
    private FollowedEntry propfindFollowing(URI start, DavName... props) {
        URI url = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            DavResponse r = send(DavRequest.of("PROPFIND", url).depth(0).xml(DavXmlWriter.propfind(props)));
            if (r.status() == 207) {
                return new FollowedEntry(url, selfEntry(url, r));
            }
            if (!isRedirect(r.status()) || r.header("Location").isEmpty()) {
                throw DavErrors.forCollection(r, transport.settings().clock());
            }
            URI next = url.resolve(r.header("Location").get().strip());
            if (isHttps(url) && !isHttps(next)) {
                throw new DavConfigurationException(r.describe() + ": refusing the redirect from https to " + next);
            }
            boolean wellKnown = kind.wellKnown().equals(url.getRawPath());
            if (!Hrefs.sameOrigin(url, next) && !(wellKnown && isHttps(next))) {
                throw new DavConfigurationException(r.describe() + ": refusing the redirect to another origin ("
                        + origin(next) + "); only " + kind.wellKnown() + " may send Koppel elsewhere, over https");
            }
            url = next;
        }
        throw new DavConfigurationException("more than " + MAX_REDIRECTS + " redirects from " + start);
    }

    private MultiStatus.Entry propfindSelf(URI url, DavName... props) {
        DavResponse r = send(DavRequest.of("PROPFIND", url).depth(0).xml(DavXmlWriter.propfind(props)));
        if (r.status() != 207) {
            throw DavErrors.forCollection(r, transport.settings().clock());
        }
        return selfEntry(url, r);
    }

    /** The response for the URL itself; with Depth 0 it's the only one, but servers spell the href freely. */
    private static MultiStatus.Entry selfEntry(URI url, DavResponse r) {
        List<MultiStatus.Entry> entries = r.multiStatus().entries();
        if (entries.isEmpty()) {
            throw new DavProtocolException(r.describe() + " with an empty multistatus");
        }
        String self = Hrefs.normalize(url, url.getRawPath() == null ? "/" : url.getRawPath());
        return entries.stream()
                .filter(e -> stripSlash(Hrefs.normalize(url, e.href())).equals(stripSlash(self)))
                .findFirst()
                .orElse(entries.get(0));
    }

    private static DavCollectionInfo info(URI url, MultiStatus.Entry e) {
        String displayName = e.text(DavName.DISPLAYNAME).orElseGet(() -> lastSegment(url));
        Optional<String> syncToken = e.text(DavName.SYNC_TOKEN);
        boolean supportsSync = e.prop(DavName.SUPPORTED_REPORT_SET)
                .map(set -> set.names().contains(DavName.SYNC_COLLECTION))
                // A server without supported-report-set that hands out sync tokens does support it.
                .orElse(syncToken.isPresent());
        Set<String> components = Set.copyOf(e.prop(DavName.SUPPORTED_CALENDAR_COMPONENT_SET)
                .map(MultiStatus.Prop::components).orElse(List.of()));
        return new DavCollectionInfo(url, displayName, e.text(DavName.GETCTAG), syncToken, supportsSync, components);
    }

    private List<URI> startingPoints(String hostOrUrl) {
        String input = Objects.requireNonNull(hostOrUrl, "hostOrUrl").strip();
        if (input.isEmpty()) {
            throw new DavConfigurationException("no server given");
        }
        List<URI> starts = new ArrayList<>();
        if (input.contains("://")) {
            URI url = parse(input);
            if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
                starts.add(url);
            }
            addWellKnownAndRoot(starts, originOf(url));
        } else {
            URI https = parse("https://" + input);
            if (https.getRawPath() != null && !https.getRawPath().isEmpty() && !https.getRawPath().equals("/")) {
                starts.add(https);
            }
            addWellKnownAndRoot(starts, originOf(https));
            if (transport.plainHttpAllowed(https.getHost())) {
                URI http = parse("http://" + input);
                if (!https.getRawPath().isEmpty() && !https.getRawPath().equals("/")) {
                    starts.add(http);
                }
                addWellKnownAndRoot(starts, originOf(http));
            }
        }
        return starts;
    }

    /**
     * The URL of an href the server returned, if Koppel may follow it from {@code from}: on the same
     * origin, or on an https sibling host of the same domain. Otherwise it is ignored, with the reason.
     */
    private Optional<URI> follow(URI from, String href, String what) {
        URI target;
        try {
            target = Hrefs.resolve(from, href);
        } catch (IllegalArgumentException e) {
            if (ignoredCount++ < MAX_IGNORED_SHOWN) {
                ignored.add("an unreadable " + what + " href");
            }
            return Optional.empty();
        }
        if (Hrefs.sameOrigin(from, target) || isSibling(from, target)) {
            return Optional.of(target);
        }
        String reason = what + " on another origin (" + origin(target) + ") not followed";
        if (ignoredCount++ < MAX_IGNORED_SHOWN) {
            LOG.info("{} discovery from {}: {}", service(), origin(from), reason);
            ignored.add(reason);
        }
        return Optional.empty();
    }

    private String ignoredText() {
        if (ignored.isEmpty()) {
            return "";
        }
        int more = ignoredCount - ignored.size();
        return "; ignored: " + String.join("; ", ignored) + (more > 0 ? " and " + more + " more" : "");
    }

    /** Both https and both hosts directly below one domain of at least two labels (not IP literals). */
    public static boolean isSibling(URI a, URI b) {
        if (!isHttps(a) || !isHttps(b) || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        String ha = a.getHost().toLowerCase(Locale.ROOT);
        String hb = b.getHost().toLowerCase(Locale.ROOT);
        if (ha.matches("[0-9.]+|\\[.*\\]|.*:.*") || hb.matches("[0-9.]+|\\[.*\\]|.*:.*")) {
            return false;
        }
        String pa = ha.substring(ha.indexOf('.') + 1);
        String pb = hb.substring(hb.indexOf('.') + 1);
        return ha.indexOf('.') > 0 && pa.equals(pb) && pa.indexOf('.') > 0;
    }

    /** scheme://host:port of a URL, for messages: never its path, query or user info. */
    private static String origin(URI url) {
        return (url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT)) + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private void addWellKnownAndRoot(List<URI> starts, String origin) {
        starts.add(URI.create(origin + kind.wellKnown()));
        starts.add(URI.create(origin + "/"));
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new DavConfigurationException("no host in " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new DavConfigurationException("not a URL: " + url);
        }
    }

    private static String originOf(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority().replaceFirst("^.*@", "");
    }

    private String service() {
        return kind == DavCollectionKind.ADDRESS_BOOK ? "CardDAV" : "CalDAV";
    }

    private DavResponse send(DavRequest request) {
        return transport.send(request);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isHttps(URI url) {
        return "https".equalsIgnoreCase(url.getScheme());
    }

    private static String stripSlash(String href) {
        return href.endsWith("/") ? href.substring(0, href.length() - 1) : href;
    }

    private static String lastSegment(URI url) {
        String path = stripSlash(url.getPath() == null ? "" : url.getPath());
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
