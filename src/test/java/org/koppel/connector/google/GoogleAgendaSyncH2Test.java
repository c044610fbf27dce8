package org.koppel.connector.google;

import org.koppel.testkit.OnH2;
import org.springframework.context.annotation.Import;

@OnH2
@Import(GoogleTestBeans.class)
class GoogleAgendaSyncH2Test extends GoogleAgendaSyncContract {
}
