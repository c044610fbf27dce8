package org.koppel.connector.source;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class SourceFaultsPostgresTest extends SourceFaultsContract {
}
