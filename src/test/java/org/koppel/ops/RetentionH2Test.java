package org.koppel.ops;

import org.koppel.testkit.OnH2;

@OnH2
class RetentionH2Test extends RetentionContract {
}
