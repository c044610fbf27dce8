/**
 * The WebDAV protocol shared by CardDAV and CalDAV: discovery (RFC 6764, RFC 5397, RFC 6352 §7.1,
 * RFC 4791 §6.2.1), change detection (RFC 6578 sync-collection, with CTag + ETag listing as the
 * fallback), batched fetches (RFC 6352 §8.7 addressbook-multiget, RFC 4791 §7.9 calendar-multiget)
 * and precondition writes (RFC 7232), with the limits a hostile server meets. It deals in raw member
 * text, hrefs and ETags only; {@link org.koppel.connector.dav.DavItemPeer} turns a collection into
 * the engine's peer, and the carddav and caldav packages map the text to slots.
 *
 * <p>Every failure is a typed {@link org.koppel.connector.dav.DavException}, so the sync
 * engine can tell a retry (transient) from a marked connection (auth) from a full listing
 * (sync token expired) from a per-item problem.
 */
package org.koppel.connector.dav;
