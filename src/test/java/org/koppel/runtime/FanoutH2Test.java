package org.koppel.runtime;

import org.koppel.testkit.OnH2;

@OnH2
class FanoutH2Test extends FanoutContract {
}
