package org.koppel.runtime;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class FanoutPostgresTest extends FanoutContract {
}
