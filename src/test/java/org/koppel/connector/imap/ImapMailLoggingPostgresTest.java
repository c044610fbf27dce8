package org.koppel.connector.imap;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class ImapMailLoggingPostgresTest extends ImapMailLoggingContract {
}
