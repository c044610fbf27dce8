package org.koppel.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test against a {@link ScriptedHttpServer}: a fresh one for every test, so no reply queued by one reaches another. */
public abstract class ScriptedServerTest {

    protected ScriptedHttpServer server;

    @BeforeEach
    final void startScriptedServer() {
        server = ScriptedHttpServer.start();
    }

    @AfterEach
    final void stopScriptedServer() {
        server.close();
    }
}
