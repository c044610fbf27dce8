package org.koppel.connector.dav;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One HTTP request as the client builds it; immutable, so a request can be logged or re-sent safely. */
public record DavRequest(String method, URI uri, Map<String, String> headers, String contentType, String body) {

    static final String XML = "application/xml; charset=utf-8";

    public DavRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    static DavRequest of(String method, URI uri) {
        return new DavRequest(method, uri, Map.of(), null, null);
    }

    DavRequest header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new DavRequest(method, uri, copy, contentType, body);
    }

    /** Depth (RFC 4918 §10.2): which members a PROPFIND or REPORT covers. */
    DavRequest depth(int depth) {
        return header("Depth", Integer.toString(depth));
    }

    DavRequest xml(String xml) {
        return new DavRequest(method, uri, headers, XML, xml);
    }

    /** A member's text (a vCard, an iCalendar object) as the body, of the given media type. */
    DavRequest body(String type, String text) {
        return new DavRequest(method, uri, headers, type, text);
    }

    DavRequest to(URI other) {
        return new DavRequest(method, other, headers, contentType, body);
    }
}
