package org.koppel.connector.dav;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/**
 * A response as the transport read it: a 207's multistatus parsed from the stream, any other body
 * held only up to a small limit ({@code truncated} when there was more).
 */
public record DavResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body, boolean truncated,
        MultiStatus parsed) {

    public DavResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body) {
        this(method, uri, status, headers, body, false, null);
    }

    /** The parsed 207 body; a 207 is always parsed by the transport. */
    MultiStatus multiStatus() {
        if (parsed == null) {
            throw new DavProtocolException(describe() + " without a multistatus body");
        }
        return parsed;
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The body as text in the charset the Content-Type names; UTF-8 otherwise (RFC 6350 §3.1). */
    String text() {
        return new String(body, charset());
    }

    private Charset charset() {
        String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        int at = type.indexOf("charset=");
        if (at < 0) {
            return StandardCharsets.UTF_8;
        }
        String name = type.substring(at + 8).split("[;\\s]")[0].replace("\"", "");
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * What an error message may say about the body: at most the name of the DAV:error element the
     * server gave, never the body itself. The body may be a page of an inside server (if a request
     * ever went where it should not) or anything an attacker wants a run report to show.
     */
    String errorName() {
        DavXmlReader.ErrorBody error = DavXmlReader.errorBody(this);
        if (error.conditions().isEmpty()) {
            return "";
        }
        String name = error.conditions().get(0).toString().replaceAll("[^A-Za-z0-9:_.{}/-]", "");
        return name.length() <= 80 ? name : name.substring(0, 80) + "…";
    }

    /** "PUT https://host/ab/x.vcf answered 412": the start of every error message. */
    String describe() {
        return method + " " + uri + " answered " + status;
    }
}
