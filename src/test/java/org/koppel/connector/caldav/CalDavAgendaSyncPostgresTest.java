package org.koppel.connector.caldav;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class CalDavAgendaSyncPostgresTest extends CalDavAgendaSyncContract {
}
