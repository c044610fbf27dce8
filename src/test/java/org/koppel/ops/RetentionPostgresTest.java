package org.koppel.ops;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class RetentionPostgresTest extends RetentionContract {
}
