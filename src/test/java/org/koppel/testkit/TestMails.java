package org.koppel.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/** Builds mails as RFC 5322 bytes, the way a mail client writes them, for the e-mail logging tests. */
public final class TestMails {

    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private final List<String> bcc = new ArrayList<>();
    private final List<MimeBodyPart> attachments = new ArrayList<>();
    private String from = "anna@client.example";
    private String subject = "Offer";
    private String text = "Hello";
    private String html;
    private String messageId;
    private Instant date = Instant.parse("2026-11-30T10:00:00Z");

    public static TestMails mail() {
        return new TestMails();
    }

    public TestMails from(String address) {
        from = address;
        return this;
    }

    public TestMails to(String... addresses) {
        to.addAll(List.of(addresses));
        return this;
    }

    public TestMails cc(String... addresses) {
        cc.addAll(List.of(addresses));
        return this;
    }

    public TestMails bcc(String... addresses) {
        bcc.addAll(List.of(addresses));
        return this;
    }

    public TestMails subject(String value) {
        subject = value;
        return this;
    }

    public TestMails text(String value) {
        text = value;
        return this;
    }

    public TestMails html(String value) {
        html = value;
        return this;
    }

    public TestMails messageId(String value) {
        messageId = value;
        return this;
    }

    public TestMails date(Instant value) {
        date = value;
        return this;
    }

    public TestMails attachment(String fileName, String contentType, byte[] content) {
        try {
            var part = new MimeBodyPart();
            part.setContent(content, contentType);
            part.setFileName(fileName);
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            part.setHeader("Content-Type", contentType);
            part.setHeader("Content-Transfer-Encoding", "base64");
            attachments.add(part);
            return this;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] bytes() {
        try {
            var message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(from));
            for (String a : to) message.addRecipient(Message.RecipientType.TO, new InternetAddress(a));
            for (String a : cc) message.addRecipient(Message.RecipientType.CC, new InternetAddress(a));
            for (String a : bcc) message.addRecipient(Message.RecipientType.BCC, new InternetAddress(a));
            message.setSubject(subject, "UTF-8");
            message.setSentDate(Date.from(date));
            var body = new MimeMultipart("mixed");
            var alternative = new MimeMultipart("alternative");
            var plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            alternative.addBodyPart(plain);
            if (html != null) {
                var rich = new MimeBodyPart();
                rich.setContent(html, "text/html; charset=UTF-8");
                alternative.addBodyPart(rich);
            }
            var wrapper = new MimeBodyPart();
            wrapper.setContent(alternative);
            body.addBodyPart(wrapper);
            for (MimeBodyPart a : attachments) body.addBodyPart(a);
            message.setContent(body);
            message.saveChanges();
            if (messageId != null) message.setHeader("Message-ID", "<" + messageId + ">");
            var out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
