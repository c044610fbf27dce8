package org.koppel.web.api;

import java.net.URI;

import org.koppel.crm.InvalidInputException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A record's version as an entity tag: version 7 is {@code "7"}; and responses that carry it. */
final class ETags {

    private ETags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    static <T> ResponseEntity<T> ok(long version, T body) {
        return ResponseEntity.ok().eTag(of(version)).body(body);
    }

    /** 201 with the new record's address (the request path plus its id) and version. */
    static <T> ResponseEntity<T> created(long id, long version, T body) {
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri();
        return ResponseEntity.created(location).eTag(of(version)).body(body);
    }

    /** The version an If-Match header names, or null when there is none. */
    static Long version(String ifMatch) {
        if (ifMatch == null) return null;
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) tag = tag.substring(2);
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "'" + ifMatch + "' is not an entity tag of this API (expected \"<version>\")");
        }
    }

    /** If-Match wins over a version in the body; either may be absent. */
    static Long expected(String ifMatch, Long bodyVersion) {
        Long fromHeader = version(ifMatch);
        return fromHeader != null ? fromHeader : bodyVersion;
    }
}
