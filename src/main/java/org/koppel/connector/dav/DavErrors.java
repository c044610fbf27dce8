package org.koppel.connector.dav;

import java.time.Clock;

import org.koppel.connector.RetryAfter;

/** Turns an unwanted HTTP status into the typed exception the caller acts on. */
final class DavErrors {

    private DavErrors() {
    }

    /** Statuses worth a retry later: RFC 9110 §15.5.9 (408), RFC 6585 §4 (429), and 5xx but 501/505. */
    static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    static DavTransientException transientError(DavResponse r, Clock clock) {
        var retryAfter = RetryAfter.parse(r.header("Retry-After").orElse(null), clock).orElse(null);
        return new DavTransientException(r.describe() + (retryAfter == null ? "" : ", retry after " + retryAfter),
                r.status(), retryAfter, null);
    }

    /** A collection-level request (PROPFIND, REPORT) that did not get the status it needs. */
    static DavException forCollection(DavResponse r, Clock clock) {
        int s = r.status();
        if (s == 401) {
            return new DavAuthException(r.describe() + ": the server refused the credentials", s);
        }
        if (s == 403) {
            return new DavAuthException(r.describe() + ": the account may not access this", s);
        }
        if (s == 404 || s == 410) {
            return new DavConfigurationException(r.describe() + ": no such collection; discover it again", s);
        }
        if (s >= 300 && s < 400) {
            // Where it moved is not echoed: a header the server chose, like its body.
            return new DavConfigurationException(r.describe() + ": the collection moved; discover it again", s);
        }
        if (isTransient(s)) {
            return transientError(r, clock);
        }
        return new DavProtocolException(withErrorName(r), s);
    }

    /** "PUT … answered 400 (CARDDAV:valid-address-data)": the status and the DAV error's name, no body text. */
    private static String withErrorName(DavResponse r) {
        String name = r.errorName();
        return name.isEmpty() ? r.describe() : r.describe() + " (" + name + ")";
    }

    /**
     * A PUT or DELETE of one member (card, calendar object) that failed for a reason other than its precondition. Errors that
     * concern this member only are item-level, so the run goes on with the others.
     */
    static DavException forItem(DavResponse r, String href, Clock clock) {
        int s = r.status();
        DavXmlReader.ErrorBody error = DavXmlReader.errorBody(r);
        if ((s == 403 || s == 409) && !error.conditions().isEmpty()) {
            // RFC 6352 §6.3.2.1 / RFC 4791 §5.3.2.1 preconditions (valid-address-data, valid-calendar-data,
            // no-uid-conflict, max-resource-size).
            String condition = error.conditions().get(0).toString();
            String conflicting = (error.names(DavName.NO_UID_CONFLICT) || error.names(DavName.NO_UID_CONFLICT_CALDAV))
                    && !error.hrefs().isEmpty()
                    ? error.hrefs().get(0) : null;
            return new DavItemRejectedException(href, s, condition, conflicting,
                    r.describe() + ": precondition " + condition + " failed");
        }
        if (s == 409) {
            // RFC 4918 §9.7.1: 409 on PUT means the parent collection is missing.
            return new DavConfigurationException(r.describe() + ": the collection does not exist", s);
        }
        if (s == 400 || s == 413 || s == 415 || s == 422 || s == 507) {
            return new DavItemRejectedException(href, s, null, null, withErrorName(r));
        }
        return forCollection(r, clock);
    }
}
