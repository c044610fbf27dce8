/**
 * A CardDAV protocol client: discovery (RFC 6764, RFC 5397, RFC 6352 §7.1), change detection
 * (RFC 6578 sync-collection, with CTag + ETag listing as the fallback), batched fetches
 * (RFC 6352 §8.7 addressbook-multiget) and precondition writes (RFC 7232). It deals in raw vCard
 * text, hrefs and ETags only; mapping vCards to relations and deciding what to sync live elsewhere.
 *
 * <p>Every failure is a typed {@link org.koppel.connector.dav.DavException}, so the sync
 * engine can tell a retry (transient) from a marked connection (auth) from a full listing
 * (sync token expired) from a per-item problem.
 */
package org.koppel.connector.carddav;

