package org.koppel.connector.source;

import org.koppel.testkit.OnH2;

@OnH2
class SourceSyncH2Test extends SourceSyncContract {
}
