package org.koppel.connector.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one attachment: its name, its decoded size, and its content when within the limit.
 *
 * <p>The content is decoded twice from the mail's own bytes (which the parser shares, not copies):
 * once to count, once into an array of exactly that size. A 25 MB attachment so costs one 25 MB array
 * when kept and none when left out, never the doubling copies of a growing buffer or a String.
 */
final class MailAttachments {

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"), Map.entry("application/zip", "zip"),
            Map.entry("application/msword", "doc"), Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.ms-powerpoint", "ppt"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("application/ms-tnef", "dat"), Map.entry("application/json", "json"),
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"), Map.entry("image/svg+xml", "svg"), Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"), Map.entry("text/calendar", "ics"), Map.entry("text/vcard", "vcf"),
            Map.entry("text/x-vcard", "vcf"), Map.entry("text/csv", "csv"), Map.entry("message/rfc822", "eml"),
            Map.entry("message/delivery-status", "txt"), Map.entry("text/rfc822-headers", "txt"),
            Map.entry("audio/mpeg", "mp3"), Map.entry("video/mp4", "mp4"));

    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    private final MailReading reading;
    private final MailNotes notes;

    MailAttachments(MailReading reading, MailNotes notes) {
        this.reading = reading;
        this.notes = notes;
    }

    /**
     * @param position the attachment's place among the mail's attachments, from 1, for a made-up name
     * @param name the name the part gives (decoded), or null
     * @param disposition "inline", "attachment" or null, lower case
     */
    MailAttachment read(Part part, PartType type, int position, String name, String disposition)
            throws MessagingException {
        String fileName = fileName(name, type.baseType(), position);
        if (type.baseType().equals("application/ms-tnef")) {
            notes.add(fileName + " (Outlook's own format) is kept as it came; the files inside it are not unpacked");
        }
        String contentId = contentId(part);
        boolean inline = "inline".equals(disposition) || disposition == null && contentId != null;
        long size = count(part, fileName);
        if (reading.attachmentLimit() <= 0) {
            return new MailAttachment(fileName, type.baseType(), size, contentId, inline, null,
                    "attachments are not kept");
        }
        if (size > reading.attachmentLimit() || size > LARGEST_ARRAY) {
            return new MailAttachment(fileName, type.baseType(), size, contentId, inline, null,
                    megabytes(size) + " is larger than the "
                            + megabytes(Math.min(reading.attachmentLimit(), LARGEST_ARRAY)) + " limit");
        }
        return new MailAttachment(fileName, type.baseType(), size, contentId, inline, content(part, (int) size),
                null);
    }

    /** "25.0 MB", "512.0 KB", "300 bytes": in the units mail programs show sizes in (1 MB = 1024 KB). */
    static String megabytes(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    static String fileName(String raw, String baseType, int position) {
        String name = raw == null ? "" : raw;
        // Only the last path step: "C:\Users\x\report.pdf" or "../../report.pdf" names report.pdf.
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "attachment-" + position + "." + EXTENSIONS.getOrDefault(baseType, "bin");
        }
        return name;
    }

    private static String contentId(Part part) throws MessagingException {
        String[] id = part.getHeader("Content-ID");
        if (id == null) {
            return null;
        }
        String stripped = EncodedWords.unfold(id[0]).strip().replaceAll("^<|>$", "").strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private long count(Part part, String fileName) {
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = PartStreams.open(part, notes)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
            }
        } catch (IOException | MessagingException | RuntimeException cut) {
            notes.add(fileName + " could not be read to its end; " + megabytes(size) + " of it was read");
        }
        return size;
    }

    private byte[] content(Part part, int size) {
        byte[] content = new byte[size];
        int read = 0;
        try (InputStream in = PartStreams.open(part, notes)) {
            for (int n; read < size && (n = in.read(content, read, size - read)) > 0; ) {
                read += n;
            }
        } catch (IOException | MessagingException | RuntimeException cut) {
            // The count already noted it; keep what the same bytes gave the first time round.
        }
        return read == size ? content : Arrays.copyOf(content, read);
    }
}
