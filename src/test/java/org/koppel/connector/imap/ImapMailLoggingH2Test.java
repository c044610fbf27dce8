package org.koppel.connector.imap;

import org.koppel.testkit.OnH2;

@OnH2
class ImapMailLoggingH2Test extends ImapMailLoggingContract {
}
