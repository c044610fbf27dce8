package org.koppel.connector.mail;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.koppel.connector.PeerException;

/**
 * Tells bytes that are a mail from bytes that are not, before parsing: a MIME parser reads anything as
 * a mail (a PNG becomes a mail with odd headers), so what is no mail must be refused here, in words a
 * person understands.
 */
final class MailShape {

    /** A header line's start: a field name (printable ASCII but the colon) and a colon. */
    private static final Pattern HEADER_LINE = Pattern.compile("^[!-9;-~]+[ \t]*:");

    private static final Map<String, String> SIGNATURES = Map.of("\u0089PNG", "a PNG image", "%PDF", "a PDF document",
            "PK\u0003\u0004", "a ZIP archive (or an Office document)", "GIF8", "a GIF image",
            "\u00FF\u00D8\u00FF", "a JPEG image", "\u00D0\u00CF\u0011\u00E0", "an Outlook .msg or old Office file");

    private MailShape() {
    }

    /**
     * Where the mail's headers start: past an mbox "From " line and blank lines some exports put first.
     *
     * @throws PeerException.ItemRejected when the bytes are not a mail
     */
    static int headerStart(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw rejected("the mail is empty (0 bytes)");
        }
        String head = new String(raw, 0, Math.min(raw.length, 8192), StandardCharsets.ISO_8859_1);
        for (var signature : SIGNATURES.entrySet()) {
            if (head.startsWith(signature.getKey())) {
                throw rejected("the content is " + signature.getValue() + ", not a mail");
            }
        }
        int start = 0;
        while (start < head.length() && (head.charAt(start) == '\r' || head.charAt(start) == '\n')) {
            start++;
        }
        if (head.startsWith("From ", start)) {
            int end = head.indexOf('\n', start);
            start = end < 0 ? head.length() : end + 1;
        }
        if (start >= raw.length) {
            throw rejected("the mail has no content");
        }
        int headerEnd = head.indexOf("\n\r\n", start) >= 0 ? head.indexOf("\n\r\n", start) : head.indexOf("\n\n", start);
        String headers = head.substring(start, headerEnd < 0 ? head.length() : headerEnd);
        if (!HEADER_LINE.matcher(headers).find() || headers.indexOf('\0') >= 0) {
            throw rejected("the content is not a mail: a mail starts with header lines such as \"From: ...\", "
                    + "this starts with \"" + printable(head.substring(start)) + "\"");
        }
        return start;
    }

    static PeerException.ItemRejected rejected(String reason) {
        return new PeerException.ItemRejected(reason, null);
    }

    private static String printable(String text) {
        String line = text.lines().findFirst().orElse("");
        String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
