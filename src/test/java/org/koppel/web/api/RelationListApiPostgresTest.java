package org.koppel.web.api;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class RelationListApiPostgresTest extends RelationListApiContract {
}
