package org.koppel.connector.carddav;

import org.koppel.testkit.OnH2;

@OnH2
class CardDavSyncH2Test extends CardDavSyncContract {
}
