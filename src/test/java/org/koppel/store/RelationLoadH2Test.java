package org.koppel.store;

import org.koppel.testkit.OnH2;

@OnH2
class RelationLoadH2Test extends RelationLoadContract {
}
