package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class MailLoggingH2Test extends MailLoggingContract {
}
