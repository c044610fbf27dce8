package org.koppel.crm;

import org.koppel.testkit.OnH2;

@OnH2
class ChangeLogOrderH2Test extends ChangeLogOrderContract {
}
