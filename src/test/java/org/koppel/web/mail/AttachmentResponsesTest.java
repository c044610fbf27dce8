package org.koppel.web.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** What an attachment's declared type and a sender's file name become in a response's headers. */
class AttachmentResponsesTest {

    @Test
    void onlyTypesNoBrowserRunsKeepTheirTypeWithoutTheSendersParameters() {
        assertThat(AttachmentResponses.safeType("Application/PDF; name=\"x.html\"")).hasToString("application/pdf");
        assertThat(AttachmentResponses.safeType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
                .hasToString("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        for (String risky : new String[] {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml",
                "text/javascript", "application/javascript", "application/x-shockwave-flash", "text/xsl", "multipart/x-mixed-replace",
                "text/*", "*/*", "", "html", null}) {
            assertThat(AttachmentResponses.safeType(risky)).as(String.valueOf(risky)).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        }
    }

    @Test
    void aFileNameLosesItsPathControlCharactersAndLeadingDotsAndIsNeverEmptyOrEndless() {
        assertThat(AttachmentResponses.cleanName("C:\\Users\\anna\\offer.pdf")).isEqualTo("offer.pdf");
        assertThat(AttachmentResponses.cleanName("..\u0000.htaccess")).isEqualTo("htaccess");
        assertThat(AttachmentResponses.cleanName("report\u2028.pdf")).isEqualTo("report.pdf");
        assertThat(AttachmentResponses.cleanName("  ")).isEqualTo("attachment");
        assertThat(AttachmentResponses.cleanName(null)).isEqualTo("attachment");
        assertThat(AttachmentResponses.cleanName("😀".repeat(200))).hasSize(300).isEqualTo("😀".repeat(150));
    }

    @Test
    void theDispositionCarriesAnAsciiNameForOldClientsAndTheWholeNameAsRfc8187() {
        assertThat(AttachmentResponses.disposition("attachment", "Überweisung 100%.pdf"))
                .isEqualTo("attachment; filename=\"_berweisung 100_.pdf\"; filename*=UTF-8''%C3%9Cberweisung%20100%25.pdf");
    }
}
