package org.koppel.microsoft;

import org.koppel.testkit.OnH2;

@OnH2
class MicrosoftTokensH2Test extends MicrosoftTokensContract {
}
