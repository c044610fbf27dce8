package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class OwnerDeactivationH2Test extends OwnerDeactivationContract {
}
