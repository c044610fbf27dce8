/**
 * CardDAV address books as contact peers (vCard ↔ contact slots), and {@link
 * org.koppel.connector.carddav.CardDavPeers}: the {@code carddav} connection type, one CardDAV +
 * CalDAV account whose calendars the caldav package serves. The protocol is in {@code connector/dav}.
 */
package org.koppel.connector.carddav;
