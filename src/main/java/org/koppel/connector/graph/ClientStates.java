package org.koppel.connector.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The clientState of a change subscription: "the value of the property should remain secret and known
 * only to your application and the Microsoft Graph service", and each notification must carry it
 * ("Receive change notifications through webhooks", processing the change notification:
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks). Koppel makes a random
 * 32-byte value per subscription (43 base64url characters, within the 128 the subscription resource
 * allows), sends it to Graph only, and keeps its SHA-256.
 */
public final class ClientStates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientStates() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lower-case hex SHA-256 of the value's UTF-8 bytes. */
    public static String hash(String clientState) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clientState.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether a notification's clientState is the one whose hash was stored; in constant time. */
    public static boolean matches(String clientState, String storedHash) {
        if (clientState == null || storedHash == null) return false;
        return MessageDigest.isEqual(hash(clientState).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
