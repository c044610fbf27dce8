package org.koppel.runtime;

import org.koppel.testkit.OnPostgres;

@OnPostgres
class SyncJobsPostgresTest extends SyncJobsContract {
}
