package org.koppel.crm.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where attachments' content goes when a folder is configured ({@code koppel.mail.attachments.folder});
 * without one they go in the database. A file is named by its content's SHA-256, so an attachment sent
 * around a hundred times is stored once, and a name can never be chosen by a mail's sender.
 */
@Component
public class AttachmentFolder {

    private final Optional<Path> folder;

    public AttachmentFolder(@Value("${koppel.mail.attachments.folder:}") String folder) {
        this.folder = folder.isBlank() ? Optional.empty() : Optional.of(Path.of(folder).toAbsolutePath());
    }

    public boolean configured() {
        return folder.isPresent();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Writes the content (once per SHA-256) before the mail's row commits: a run killed in between leaves
     * at most a file no row names, never a row whose file is missing.
     */
    public void store(String sha256, byte[] content) {
        Path target = path(sha256);
        if (Files.exists(target)) return;
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), sha256, ".part");
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store an attachment in " + folder.orElseThrow(), e);
        }
    }

    public byte[] read(String sha256) {
        try {
            return Files.readAllBytes(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("the attachment's file " + sha256 + " is missing from " + folder.orElseThrow(), e);
        }
    }

    private Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("not a SHA-256: " + sha256);
        return folder.orElseThrow(() -> new IllegalStateException("no attachment folder configured"))
                .resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
