package org.koppel.connector.source;

import org.koppel.testkit.OnH2;

@OnH2
class SourceFaultsH2Test extends SourceFaultsContract {
}
