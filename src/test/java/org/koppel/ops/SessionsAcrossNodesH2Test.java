package org.koppel.ops;

import org.koppel.testkit.OnH2;
import org.springframework.test.context.TestPropertySource;

@OnH2
@TestPropertySource(properties = "koppel.session-store=jdbc")
class SessionsAcrossNodesH2Test extends SessionsAcrossNodesContract {
}
