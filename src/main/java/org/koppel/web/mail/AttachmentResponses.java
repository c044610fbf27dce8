package org.koppel.web.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.koppel.crm.NotFoundException;
import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailAttachmentInfo;
import org.koppel.crm.mail.MailLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * A logged mail's attachments as HTTP responses, for the API and the web UI alike. An attachment is
 * whatever a stranger chose to send, served from Koppel's own origin: so it is always a download
 * (Content-Disposition: attachment), its type is believed only when it is on a short list of types no
 * browser runs (anything else, text/html and image/svg+xml first, is application/octet-stream), the
 * browser may not guess another (nosniff), and a sandbox CSP stops script should one be shown anyway.
 */
@Component
public class AttachmentResponses {

    /** Shown with their own type: documents and media that a browser displays or hands on, never runs. */
    private static final Set<String> KEPT_TYPES = Set.of("application/pdf", "text/plain", "text/csv", "text/calendar",
            "application/zip", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/rtf", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff",
            "audio/mpeg", "audio/wav", "video/mp4");
    private static final String[] KEPT_PREFIXES = {"application/vnd.openxmlformats-officedocument.",
            "application/vnd.oasis.opendocument."};
    /** What a cid: image in a mail's body may be: raster images only (an SVG can carry script). */
    static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** Nothing in the response may load or run anything, whatever a browser makes of it. */
    static final String SANDBOX_POLICY = "default-src 'none'; sandbox";
    private static final int MAX_NAME = 150;

    private final MailLog mails;

    public AttachmentResponses(MailLog mails) {
        this.mails = mails;
    }

    /** The attachment to download; 404 when the mail or position does not exist or its content was left out. */
    public ResponseEntity<byte[]> download(long mailId, int position) {
        MailAttachmentInfo attachment = attachment(mailId, position);
        byte[] content = content(attachment, mailId);
        return ResponseEntity.ok().headers(headers(safeType(attachment.contentType()),
                        disposition("attachment", attachment.fileName())))
                .body(content);
    }

    /** An image a mail's HTML refers to by cid:, shown in the body; only raster images, else 404. */
    public ResponseEntity<byte[]> inline(long mailId, int position) {
        MailAttachmentInfo attachment = attachment(mailId, position);
        MediaType type = baseType(attachment.contentType());
        if (type == null || !INLINE_TYPES.contains(type.toString())) {
            throw new NotFoundException("inline image", position + " of mail " + mailId
                    + " (only PNG, JPEG, GIF and WebP images are shown in a mail; download it instead)");
        }
        byte[] content = content(attachment, mailId);
        HttpHeaders headers = headers(type, disposition("inline", attachment.fileName()));
        // the same image for as long as the mail exists; private, as it is a mail's content
        headers.setCacheControl("private, max-age=3600");
        return ResponseEntity.ok().headers(headers).body(content);
    }

    /** Whether a cid: reference to this attachment may be shown inline. */
    public static boolean showsInline(MailAttachmentInfo attachment) {
        MediaType type = baseType(attachment.contentType());
        return attachment.kept() && type != null && INLINE_TYPES.contains(type.toString());
    }

    private MailAttachmentInfo attachment(long mailId, int position) {
        LoggedMail mail = mails.find(mailId);
        return mail.attachments().stream().filter(a -> a.position() == position).findFirst()
                .orElseThrow(() -> new NotFoundException("attachment", position + " of mail " + mailId));
    }

    private byte[] content(MailAttachmentInfo attachment, long mailId) {
        if (!attachment.kept()) {
            throw new LeftOutException("the attachment \"" + attachment.fileName() + "\" of mail " + mailId
                    + " was not kept when the mail was logged: " + (attachment.leftOut() == null ? "left out" : attachment.leftOut()));
        }
        return mails.attachmentContent(mailId, attachment.position())
                .orElseThrow(() -> new LeftOutException("the attachment \"" + attachment.fileName() + "\" of mail " + mailId
                        + " has no content stored"));
    }

    private static HttpHeaders headers(MediaType type, String disposition) {
        var headers = new HttpHeaders();
        headers.setContentType(type);
        headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", SANDBOX_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        return headers;
    }

    /** The declared type when it is one no browser runs; else application/octet-stream. */
    public static MediaType safeType(String declared) {
        MediaType type = baseType(declared);
        if (type == null) return MediaType.APPLICATION_OCTET_STREAM;
        String name = type.toString();
        boolean kept = KEPT_TYPES.contains(name);
        for (String prefix : KEPT_PREFIXES) kept |= name.startsWith(prefix);
        return kept ? type : MediaType.APPLICATION_OCTET_STREAM;
    }

    /** The type without its parameters (a name= or charset= from a stranger is not repeated), lower case; null when unreadable. */
    static MediaType baseType(String declared) {
        if (declared == null) return null;
        try {
            MediaType parsed = MediaType.parseMediaType(declared.strip().toLowerCase(Locale.ROOT));
            if (parsed.isWildcardType() || parsed.isWildcardSubtype()) return null;
            return new MediaType(parsed.getType(), parsed.getSubtype());
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    /**
     * An RFC 6266 Content-Disposition: an ASCII {@code filename} for old clients, and the name itself as
     * RFC 8187 {@code filename*}. The sender's name is cleaned first: no control characters (no header
     * splitting), no path, no quotes, at most 150 characters, never empty.
     */
    public static String disposition(String type, String fileName) {
        String name = cleanName(fileName);
        var ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncoded(name);
    }

    static String cleanName(String fileName) {
        String name = fileName == null ? "" : fileName;
        name = name.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "");
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replace("\"", "'").strip();
        while (name.startsWith(".")) name = name.substring(1);
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME));
        }
        return name.isBlank() ? "attachment" : name;
    }

    /** RFC 8187 attr-char left as is, every other byte of the UTF-8 percent-encoded. */
    private static String percentEncoded(String name) {
        var out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** An attachment whose content Koppel does not have: 404, with the reason it was left out. */
    public static class LeftOutException extends NotFoundException {

        private final String reason;

        LeftOutException(String reason) {
            super("attachment content", "");
            this.reason = reason;
        }

        @Override
        public String getMessage() {
            return reason;
        }
    }
}
