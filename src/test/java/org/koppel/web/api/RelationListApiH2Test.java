package org.koppel.web.api;

import org.koppel.testkit.OnH2;

@OnH2
class RelationListApiH2Test extends RelationListApiContract {
}
