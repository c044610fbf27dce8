package org.koppel.connector.mail;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.*;
import jakarta.mail.internet.*;

/** A minimal reader (headers, plain text, attachments) until the full one (charsets, sanitised HTML) lands. */
public final class MimeMail {
    private MimeMail() {}
    public static ParsedMail parse(byte[] raw, MailReading reading) {
        try {
            var m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            var text = new StringBuilder();
            var atts = new ArrayList<MailAttachment>();
            walk(m, text, atts, reading);
            String id = m.getMessageID() == null ? "made" : m.getMessageID().replaceAll("[<>]", "");
            return new ParsedMail(id, first(m.getFrom()), list(m.getRecipients(Message.RecipientType.TO)),
                    list(m.getRecipients(Message.RecipientType.CC)), list(m.getRecipients(Message.RecipientType.BCC)),
                    m.getSentDate() == null ? null : m.getSentDate().toInstant(), m.getSubject(), text.toString(), null, atts, List.of());
        } catch (Exception e) {
            throw new org.koppel.connector.PeerException.ItemRejected("unreadable: " + e.getMessage(), e);
        }
    }
    private static void walk(Part p, StringBuilder text, List<MailAttachment> atts, MailReading r) throws Exception {
        if (p.isMimeType("multipart/*")) {
            var mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) walk(mp.getBodyPart(i), text, atts, r);
        } else if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
            byte[] b = p.getInputStream().readAllBytes();
            boolean keep = b.length <= r.attachmentLimit();
            atts.add(new MailAttachment(p.getFileName(), p.getContentType().split(";")[0], b.length, null, false, keep ? b : null, keep ? null : (b.length / 1e6) + " MB is larger than the limit"));
        } else if (p.isMimeType("text/plain")) {
            text.append(p.getContent());
        }
    }
    private static MailAddress first(Address[] a) { return a == null ? null : addr(a[0]); }
    private static MailAddress addr(Address a) { var i = (InternetAddress) a; return new MailAddress(i.getAddress().toLowerCase(), i.getPersonal()); }
    private static List<MailAddress> list(Address[] a) { return a == null ? List.of() : java.util.Arrays.stream(a).map(MimeMail::addr).toList(); }
}
