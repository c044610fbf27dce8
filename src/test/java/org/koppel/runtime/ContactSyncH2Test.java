package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class ContactSyncH2Test extends ContactSyncContract {
}
