package org.koppel.connector.graph;

/** The synced folder answered 404: deleted in Outlook. The peer lists (and recreates) it again. */
final class FolderGone extends RuntimeException {

    FolderGone(String message) {
        super(message, null, false, false);
    }
}
