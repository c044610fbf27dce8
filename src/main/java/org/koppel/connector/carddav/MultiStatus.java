package org.koppel.connector.carddav;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A parsed 207 Multi-Status body (RFC 4918 §13, §14.16): one entry per href, plus the
 * {@code DAV:sync-token} a sync-collection REPORT adds at the top level (RFC 6578 §6.4).
 */
record MultiStatus(List<Entry> entries, Optional<String> syncToken) {

    /**
     * One {@code DAV:response}. {@code status} is set when the response carries a status of its own
     * (a removed member: 404, a truncated sync: 507), {@code propStats} when it reports properties.
     */
    record Entry(String href, OptionalInt status, List<PropStat> propStats, List<DavName> errors) {

        /** The property as the server reported it with a 2xx status; absent when missing or failed. */
        Optional<Element> prop(DavName name) {
            for (PropStat ps : propStats) {
                if (ps.status() >= 200 && ps.status() < 300) {
                    for (Element e : ps.props()) {
                        if (name.matches(e)) {
                            return Optional.of(e);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        Optional<String> text(DavName name) {
            return prop(name).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
        }

        /** {@code DAV:resourcetype} holds {@code type} (collection, CARDDAV:addressbook). */
        boolean hasResourceType(DavName type) {
            return prop(DavName.RESOURCETYPE).map(rt -> hasChild(rt, type)).orElse(false);
        }

        /** The DAV:href children of a property such as current-user-principal or addressbook-home-set. */
        List<String> hrefs(DavName name) {
            return prop(name).map(e -> childTexts(e, DavName.HREF)).orElse(List.of());
        }
    }

    record PropStat(int status, List<Element> props) {
    }

    static boolean hasChild(Element parent, DavName name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.matches(n)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasDescendant(Element root, DavName name) {
        var all = root.getElementsByTagNameNS(name.namespace(), name.localName());
        return all.getLength() > 0;
    }

    static List<String> childTexts(Element parent, DavName name) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.matches(n)) {
                String t = n.getTextContent().strip();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
