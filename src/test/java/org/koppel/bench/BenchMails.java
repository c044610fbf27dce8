package org.koppel.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Random;

/**
 * The mails of the mail benchmark, as a mail client writes them: a text and an HTML part (about 3 KB),
 * every tenth with a 40 KB PDF attached, from one of the benchmark's relations to the employee.
 */
final class BenchMails {

    static final String CLIENTS = "bench-client.example";

    private static final String PARAGRAPH = "Thank you for your visit last week. As agreed, we would like to receive the offer for "
            + "the coming year, with the prices of the service contract and the delivery times of the spare parts. ";

    private BenchMails() {
    }

    static String relationAddress(int relation) {
        return "person" + relation + "@" + CLIENTS;
    }

    static byte[] mime(String side, int n, int relations, String to, Instant date) {
        String from = relationAddress(n % relations);
        String text = PARAGRAPH.repeat(8);
        String html = "<html><body><p>" + text + "</p><table><tr><td>Item</td><td>Price</td></tr></table></body></html>";
        var b = new StringBuilder()
                .append("Message-ID: <bench-").append(side).append("-").append(n).append('-').append(date.toEpochMilli()).append("@").append(CLIENTS).append(">\r\n")
                .append("From: Person ").append(n % relations).append(" <").append(from).append(">\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Subject: Offer request ").append(n).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC))).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n")
                .append("--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n")
                .append("--alt\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").append(text).append("\r\n")
                .append("--alt\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n").append(html).append("\r\n--alt--\r\n");
        if (n % 10 == 0) {
            byte[] pdf = new byte[40 * 1024];
            new Random(n).nextBytes(pdf);
            b.append("--mixed\r\nContent-Type: application/pdf; name=\"offer-").append(n).append(".pdf\"\r\n")
                    .append("Content-Disposition: attachment; filename=\"offer-").append(n).append(".pdf\"\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n")
                    .append(Base64.getMimeEncoder().encodeToString(pdf)).append("\r\n");
        }
        return b.append("--mixed--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
