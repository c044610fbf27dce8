package org.koppel.ops;

import org.koppel.testkit.OnPostgres;
import org.springframework.test.context.TestPropertySource;

@OnPostgres
@TestPropertySource(properties = "koppel.session-store=jdbc")
class SessionsAcrossNodesPostgresTest extends SessionsAcrossNodesContract {
}
