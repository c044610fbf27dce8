package org.koppel.connector.caldav;

import org.koppel.testkit.OnH2;

@OnH2
class CalDavAgendaSyncH2Test extends CalDavAgendaSyncContract {
}
