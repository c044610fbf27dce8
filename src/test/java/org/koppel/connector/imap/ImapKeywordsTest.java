package org.koppel.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.MailboxInfo;
import org.junit.jupiter.api.Test;
import org.koppel.connector.PeerException;

/** Mark names as IMAP keywords (atoms, RFC 3501 §9), and servers that keep no new keywords. */
class ImapKeywordsTest {

    @Test
    void aNameThatIsAnAtomStaysAsItIs() {
        assertThat(ImapKeywords.keyword("Koppel")).isEqualTo("Koppel");
        assertThat(ImapKeywords.keyword(" Processed ")).isEqualTo("Processed");
        assertThat(ImapKeywords.keyword("$label1")).isEqualTo("$label1");
    }

    @Test
    void spacesAndAtomSpecialsBecomeUnderscores() {
        assertThat(ImapKeywords.keyword("Not found")).isEqualTo("Not_found");
        assertThat(ImapKeywords.keyword("a(b)c{d%e*f\"g\\h]i\tj")).isEqualTo("a_b_c_d_e_f_g_h_i_j");
    }

    @Test
    void nonAsciiIsWrittenInModifiedUtf7AndAnAmpersandEscaped() {
        assertThat(ImapKeywords.keyword("Geïmporteerd")).isEqualTo("Ge&AO8-mporteerd");
        assertThat(ImapKeywords.keyword("R&D")).isEqualTo("R&-D");
    }

    @Test
    void anEmptyNameIsAConfigurationError() {
        assertThatThrownBy(() -> ImapKeywords.keyword("  ")).isInstanceOf(PeerException.Configuration.class);
    }

    @Test
    void aFolderWhosePermanentFlagsLackTheWildcardRefusesNewKeywordsPlainly() throws Exception {
        MailboxInfo closed = info("* OK [PERMANENTFLAGS (\\Answered \\Seen \\Deleted)] Limited");
        MailboxInfo known = info("* OK [PERMANENTFLAGS (\\Seen Processed)] Limited");
        MailboxInfo open = info("* OK [PERMANENTFLAGS (\\Seen \\*)] Flags permitted");

        assertThatThrownBy(() -> ImapMailPeer.requireKeywords(closed, "INBOX", "Processed"))
                .isInstanceOf(PeerException.Configuration.class)
                .hasMessageContaining("does not let Koppel add its own marks").hasMessageContaining("PERMANENTFLAGS lack \\*");
        assertThatCode(() -> ImapMailPeer.requireKeywords(known, "INBOX", "Processed")).doesNotThrowAnyException();
        assertThatCode(() -> ImapMailPeer.requireKeywords(open, "INBOX", "Processed")).doesNotThrowAnyException();
    }

    private static MailboxInfo info(String permanentFlags) throws Exception {
        return new MailboxInfo(new Response[] {new IMAPResponse("* FLAGS (\\Answered \\Seen \\Deleted)"),
                new IMAPResponse(permanentFlags), new IMAPResponse("* OK [UIDVALIDITY 7] UIDs valid"),
                new IMAPResponse("A1 OK [READ-WRITE] done")});
    }
}
