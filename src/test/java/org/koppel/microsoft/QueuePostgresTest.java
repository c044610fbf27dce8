package org.koppel.microsoft;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class QueuePostgresTest extends QueueContract {
}
