package org.koppel.connector.google;

import org.koppel.testkit.OnPostgres;
import org.springframework.context.annotation.Import;

@OnPostgres
@Import(GoogleTestBeans.class)
class GoogleAgendaSyncPostgresTest extends GoogleAgendaSyncContract {
}
