package org.koppel.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.connector.mail.TestMails.resource;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Mails in the shapes the big mail programs send (src/test/resources/mail). */
class MimeMailRealWorldTest {

    @Test
    void outlookRelatedAlternativeWithALogoAndAPdf() {
        ParsedMail mail = TestMails.parse(resource("outlook.eml"));

        assertThat(mail.messageId()).isEqualTo("AM0PR02MB1234A1B2C3D4E5F6A7B8C9D0E1F2A@AM0PR02MB1234.eurprd02.prod.outlook.com");
        assertThat(mail.from()).isEqualTo(new MailAddress("renee.vermeulen@bouwbedrijf-vermeulen.nl", "Renée Vermeulen"));
        assertThat(mail.to()).containsExactly(new MailAddress("p.jansen@example.nl", "Jansen, Pieter"),
                new MailAddress("sanne@example.nl", "Sanne de Wit"));
        assertThat(mail.cc()).containsExactly(new MailAddress("inkoop@bouwbedrijf-vermeulen.nl", "Inkoop"));
        assertThat(mail.subject()).isEqualTo("Offerte renovatie kantoor – versie 2");
        assertThat(mail.sentAt()).isEqualTo(Instant.parse("2026-12-03T09:14:05Z"));
        // windows-1252 under an iso-8859-1 label: the dash and the euro sign as Outlook meant them.
        assertThat(mail.text()).contains("renovatie – totaal €12.500,- excl. btw.", "Renée Vermeulen");
        assertThat(mail.html()).contains("src=\"cid:image001.png@01DA25B1.5C7A3E40\" alt=\"Logo Bouwbedrijf Vermeulen\"",
                        "€4.000", "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse: collapse; border: none\">")
                .doesNotContain("MsoNormal", "behavior", "@font-face", "<o:p>", "class=", "id=");
        assertThat(mail.attachments()).extracting(MailAttachment::fileName, MailAttachment::inline, MailAttachment::contentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("image001.png", true, "image001.png@01DA25B1.5C7A3E40"),
                        org.assertj.core.groups.Tuple.tuple("Offerte renovatie – v2.pdf", false, null));
        assertThat(mail.attachments().get(1).content()).startsWith("%PDF-1.4".getBytes());
        assertThat(mail.notes()).isEmpty();
    }

    @Test
    void gmailAlternativeWithAnAttachmentAndATrackingPixel() {
        ParsedMail mail = TestMails.parse(resource("gmail.eml"));

        assertThat(mail.from()).isEqualTo(new MailAddress("marko.kraj@gmail.com", "Marko Kraljić"));
        assertThat(mail.cc()).containsExactly(new MailAddress("pieter.jansen@example.nl", null));
        assertThat(mail.subject()).isEqualTo("Afspraak volgende week – agenda 📅");
        assertThat(mail.text()).startsWith("Hoi Sanne,\n\nZullen we dinsdag om 10:00 afspreken? De agenda staat in de bijlage – zie ook");
        assertThat(mail.html()).contains("<a href=\"https://example.nl/agenda\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">")
                .contains("<span title=\"" + MailHtml.BLOCKED_IMAGE_TITLE + "\">[image]</span>")
                .doesNotContain("googleusercontent");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("Agenda dinsdag.pdf");
            assertThat(a.inline()).isFalse();
            assertThat(a.contentId()).isEqualTo("f_lq2x9abc0");
        });
    }

    @Test
    void gmailsTrackingPixelLoadsWhenRemoteImagesAreAllowed() {
        ParsedMail mail = MimeMail.parse(resource("gmail.eml"), new MailReading(1024 * 1024, true));

        assertThat(mail.html()).contains("<img src=\"https://ci3.googleusercontent.com/meips/track.gif?u=123\"");
    }

    @Test
    void appleMailWithHtmlSplitAroundAnInlinePhoto() {
        ParsedMail mail = TestMails.parse(resource("apple-mail.eml"));

        assertThat(mail.messageId()).isEqualTo("8A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9@icloud.example");
        assertThat(mail.from()).isEqualTo(new MailAddress("lotte@icloud.example", "Lotte van Dijk"));
        assertThat(mail.subject()).isEqualTo("Foto's van de beurs");
        assertThat(mail.text()).isEqualTo("Hoi Sanne,\n\nHier de foto van onze stand — mooi geworden!\n\nGroetjes,\nLotte\n");
        assertThat(mail.html()).contains("Hier de foto van onze stand — mooi geworden!", "Groetjes,");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("stand.png");
            assertThat(a.inline()).isTrue();
            assertThat(a.content()).startsWith(0x89, 'P', 'N', 'G');
        });
    }

    @Test
    void outlookWinmailDatIsAnAttachmentBesideThePlainText() {
        ParsedMail mail = TestMails.parse(resource("outlook-winmail.eml"));

        assertThat(mail.from()).isEqualTo(new MailAddress("h.bakker@klant.example", "Henk Bakker"));
        assertThat(mail.to()).containsExactly(new MailAddress("verkoop@example.nl", null));
        assertThat(mail.messageId()).isEqualTo("000001d9a4b2$5e6f7a80$1b4e6f80$@klant.example");
        assertThat(mail.text()).isEqualTo("Goedemiddag,\n\nIn de bijlage onze bestelling.\n\nHenk\n");
        assertThat(mail.attachments()).extracting(MailAttachment::fileName).containsExactly("winmail.dat");
    }
}
