package org.koppel.store;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class RelationLoadPostgresTest extends RelationLoadContract {
}
