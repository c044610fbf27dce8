package org.koppel.connector.carddav;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class CardDavSyncPostgresTest extends CardDavSyncContract {
}
