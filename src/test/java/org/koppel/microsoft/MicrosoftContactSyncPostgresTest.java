package org.koppel.microsoft;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class MicrosoftContactSyncPostgresTest extends MicrosoftContactSyncContract {
}
