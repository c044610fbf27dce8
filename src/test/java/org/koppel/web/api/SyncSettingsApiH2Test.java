package org.koppel.web.api;

import org.koppel.testkit.OnH2;

@OnH2
class SyncSettingsApiH2Test extends SyncSettingsApiContract {
}
