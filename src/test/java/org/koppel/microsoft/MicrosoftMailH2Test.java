package org.koppel.microsoft;

import org.koppel.testkit.OnH2;

@OnH2
class MicrosoftMailH2Test extends MicrosoftMailContract {
}
