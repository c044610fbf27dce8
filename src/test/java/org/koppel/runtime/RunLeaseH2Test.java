package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class RunLeaseH2Test extends RunLeaseContract {
}
