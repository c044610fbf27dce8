package org.koppel.testkit;

import org.koppel.connector.dav.DavSettings;
import org.koppel.security.OutboundPolicy;

/**
 * Tests talk to Radicale, the scripted servers and the fakes on 127.0.0.1, which Koppel refuses by
 * default (SSRF defence). Tests allow loopback explicitly, the way an administrator would.
 */
public final class Loopback {

    /** What {@code KOPPEL_OUTBOUND_ALLOW} holds in tests. */
    public static final String OUTBOUND_ALLOW = "loopback";

    public static final OutboundPolicy POLICY = OutboundPolicy.of(OUTBOUND_ALLOW, "");

    private Loopback() {
    }

    /** {@link DavSettings#defaults()}, allowed to reach loopback. */
    public static DavSettings davSettings() {
        return DavSettings.defaults().withOutbound(POLICY);
    }
}
