package org.koppel.connector.source;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class SourceSyncPostgresTest extends SourceSyncContract {
}
