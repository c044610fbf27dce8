package org.koppel.connector.imap;

import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.koppel.connector.PeerException;

/**
 * How a mark's name becomes an IMAP keyword. Keywords are atoms (RFC 3501 §9, {@code flag-keyword =
 * atom}): no space, no {@code ( ) { % * " \ ]}, no control character, ASCII only. The rule, applied to
 * the name with surrounding blanks removed:
 * <ol>
 * <li>every space, control character and atom-special ({@code ( ) { % * " \ ]}) becomes {@code _};</li>
 * <li>non-ASCII letters are written in modified UTF-7, as IMAP writes folder names (RFC 3501 §5.1.3),
 *     which is also how Thunderbird stores such tags: "Geïmporteerd" becomes {@code Ge&AO8-mporteerd};
 *     a literal {@code &} becomes {@code &-}.</li>
 * </ol>
 * So "Koppel" stays {@code Koppel}, "Processed" {@code Processed}, "Not found" becomes {@code Not_found}.
 * Keywords compare case-insensitively on the servers tried (Dovecot; a Thunderbird tag "Koppel" is stored
 * as {@code koppel} and still matches).
 */
final class ImapKeywords {

    private ImapKeywords() {
    }

    static String keyword(String markName) {
        String name = markName == null ? "" : markName.strip();
        if (name.isEmpty()) throw new PeerException.Configuration("a mark name is empty", null);
        var atom = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            atom.append(c <= 0x20 || c == 0x7f || "(){%*\"\\]".indexOf(c) >= 0 ? '_' : c);
        }
        return BASE64MailboxEncoder.encode(atom.toString());
    }
}
