package org.koppel.connector.dav;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed 207 Multi-Status body (RFC 4918 §13, §14.16): one entry per href, plus the
 * {@code DAV:sync-token} a sync-collection REPORT adds at the top level (RFC 6578 §6.4).
 * {@code skipped} names the cards left out because they were larger than the card limit (href →
 * reason); {@code deferred} the cards left out because the answer's card budget was used up: ask
 * for those again.
 */
public record MultiStatus(List<Entry> entries, Optional<String> syncToken, Map<String, String> skipped,
        List<String> deferred) {

    public MultiStatus(List<Entry> entries, Optional<String> syncToken) {
        this(entries, syncToken, Map.of(), List.of());
    }

    /**
     * One {@code DAV:response}. {@code status} is set when the response carries a status of its own
     * (a removed member: 404, a truncated sync: 507), {@code propStats} when it reports properties.
     */
    public record Entry(String href, OptionalInt status, List<PropStat> propStats) {

        /** The property as the server reported it with a 2xx status; absent when missing or failed. */
        Optional<Prop> prop(DavName name) {
            for (PropStat ps : propStats) {
                if (ps.status() >= 200 && ps.status() < 300) {
                    for (Prop p : ps.props()) {
                        if (p.name().equals(name)) {
                            return Optional.of(p);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<String> text(DavName name) {
            return prop(name).map(p -> p.text().strip()).filter(s -> !s.isEmpty());
        }

        /** {@code DAV:resourcetype} holds {@code type} (collection, CARDDAV:addressbook). */
        boolean hasResourceType(DavName type) {
            return prop(DavName.RESOURCETYPE).map(rt -> rt.names().contains(type)).orElse(false);
        }

        /** The DAV:href children of a property such as current-user-principal or addressbook-home-set. */
        List<String> hrefs(DavName name) {
            return prop(name).map(Prop::hrefs).orElse(List.of());
        }
    }

    public record PropStat(int status, List<Prop> props) {
    }

    /**
     * One property as kept from the stream, not a DOM: its text (all text inside it), the names of
     * the elements inside it (a resourcetype's types, a supported-report-set's reports) and the
     * texts of its DAV:href children (a principal or home-set URL), and the {@code name} attributes
     * of its CALDAV:comp children (a supported-calendar-component-set: VEVENT, VTODO).
     */
    public record Prop(DavName name, String text, List<DavName> names, List<String> hrefs, List<String> components) {
    }
}
