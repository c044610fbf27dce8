package org.koppel.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets (app passwords, OAuth tokens) before they are stored: AES-256-GCM with a
 * random nonce per value. The key is KOPPEL_SECRET_KEY (base64, 32 bytes) or else a key file
 * made at the first start next to the database, readable by its owner only. A database dump
 * alone therefore reveals no secret.
 */
@Component
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@Value("${koppel.secret-key:}") String configuredKey,
                     @Value("${koppel.secret-key-file:${koppel.data-dir}/secret.key}") Path keyFile) {
        this.key = new SecretKeySpec(configuredKey.isBlank() ? keyFromFile(keyFile) : decode(configuredKey), "AES");
    }

    public String seal(String secret) {
        if (secret == null) return null;
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    public String open(String sealed) {
        if (sealed == null) return null;
        if (!sealed.startsWith(PREFIX)) throw new IllegalStateException("a stored secret is in an unknown format");
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted: was KOPPEL_SECRET_KEY changed?", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != 32) throw new IllegalStateException("KOPPEL_SECRET_KEY must be 32 bytes, base64-encoded");
        return bytes;
    }

    private byte[] keyFromFile(Path file) {
        try {
            if (Files.exists(file)) return decode(Files.readString(file));
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                // made 0600 before the key is in it: no moment in which others could read it
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the file keeps the folder's permissions
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
            return fresh;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the secret key file " + file + ": " + e.getMessage(), e);
        }
    }
}
