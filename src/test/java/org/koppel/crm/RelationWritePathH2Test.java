package org.koppel.crm;

import org.koppel.testkit.OnH2;

@OnH2
class RelationWritePathH2Test extends RelationWritePathContract {
}
