package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class SyncJobsH2Test extends SyncJobsContract {
}
