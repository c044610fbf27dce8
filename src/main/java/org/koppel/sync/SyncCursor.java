package org.koppel.sync;

/**
 * Where one data type's sync of a connection stands: the peer's own change cursor (a sync token, a
 * delta link; null means a full listing next) and the last change-log sequence reconciled.
 */
public record SyncCursor(String peer, long crm) {
}
