package org.koppel.connector.carddav;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/** A response with its body fully read (and bounded by {@link DavSettings#maxResponseBytes()}). */
record DavResponse(String method, URI uri, int status, HttpHeaders headers, byte[] body) {

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

    /** The start of the body for an error message: enough to diagnose, never a whole 64 MiB. */
    String snippet() {
        String text = text().strip().replaceAll("\\s+", " ");
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** "PUT https://host/ab/x.vcf answered 412": the start of every error message. */
    String describe() {
        return method + " " + uri + " answered " + status;
    }
}
