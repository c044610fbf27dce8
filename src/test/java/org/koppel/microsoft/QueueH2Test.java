package org.koppel.microsoft;

import org.koppel.testkit.OnH2;

@OnH2
class QueueH2Test extends QueueContract {
}
