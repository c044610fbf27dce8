package org.koppel.runtime;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class MailLoggingPostgresTest extends MailLoggingContract {
}
