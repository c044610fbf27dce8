package org.koppel.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.koppel.connector.mail.MailReading;
import org.koppel.connector.mail.MimeMail;
import org.koppel.crm.mail.LogOutcome;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.mail.MailLogging;
import org.koppel.crm.employee.Employee;
import org.koppel.crm.relation.Person;
import org.koppel.runtime.ParsedMails;
import org.springframework.stereotype.Component;

/**
 * A few weeks of mail between each demo employee and persons they manage, logged the way a marked
 * mail is: written as a mail client writes it, read by the same MIME reader and sanitiser, logged
 * through the one write path. One mail per person carries an HTML body with a remote image, so the
 * demo shows what blocking remote content looks like.
 */
@Component
class DemoMail {

    static final int THREADS_PER_EMPLOYEE = 3;

    private static final List<String> SUBJECTS = List.of("Offer for next year", "Our meeting on Thursday",
            "Invoice question", "Your order", "Brochure you asked for", "Planning the pilot");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final MailLog log;
    private final Clock clock;

    DemoMail(MailLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** @return how many mails were logged */
    int write(List<Employee> staff, List<Person> persons, Random random) {
        int logged = 0;
        int sequence = 0;
        for (Employee e : staff) {
            if (!e.active()) continue;
            List<Person> own = persons.stream().filter(p -> p.managerId().equals(e.id()) && address(p) != null).toList();
            var how = new MailLogging(e.id(), null, Set.of(MailDirection.values()), true);
            for (int i = 0; i < THREADS_PER_EMPLOYEE && !own.isEmpty(); i++) {
                Person with = own.get(random.nextInt(own.size()));
                String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
                Instant asked = clock.instant().minus(Duration.ofHours(24L + random.nextInt(24 * 30)));
                String them = "\"" + with.firstName() + " " + with.lastName() + "\" <" + address(with) + ">";
                String us = "\"" + e.displayName() + "\" <" + e.emails().getFirst() + ">";
                logged += log(mime(++sequence, them, us, subject, asked, question(with, e), true), how);
                logged += log(mime(++sequence, us, them, "Re: " + subject, asked.plus(Duration.ofHours(2)), answer(with, e), false), how);
            }
        }
        return logged;
    }

    private int log(String mime, MailLogging how) {
        var parsed = MimeMail.parse(mime.getBytes(StandardCharsets.UTF_8), new MailReading(0, false));
        return log.log(ParsedMails.toLog(parsed, clock.instant()), how) instanceof LogOutcome.Logged ? 1 : 0;
    }

    private static String address(Person p) {
        if (!p.contactRoles().isEmpty() && p.contactRoles().getFirst().email() != null) return p.contactRoles().getFirst().email();
        return p.privateEmail();
    }

    private static String question(Person with, Employee e) {
        return "Dear " + e.displayName() + ",\n\nCould you send me the figures we talked about? Next week suits me for a call.\n\n"
                + "Kind regards,\n" + with.firstName() + " " + with.lastName();
    }

    private static String answer(Person with, Employee e) {
        return "Hello " + with.firstName() + ",\n\nThank you; the figures are below. I will call you on Tuesday.\n\n" + e.displayName();
    }

    private static String mime(int sequence, String from, String to, String subject, Instant date, String text, boolean html) {
        String plain = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n";
        String body = !html ? plain : "--demo\r\n" + plain + "--demo\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n<p>" + text.replace("\n\n", "</p><p>").replace("\n", "<br>")
                + "</p><p><img src=\"https://tracker.example/pixel.gif\" alt=\"company logo\"></p>\r\n--demo--\r\n";
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + DATE.format(date.atOffset(ZoneOffset.UTC))
                + "\r\nMessage-ID: <demo-" + sequence + "-" + date.toEpochMilli() + "@koppel-demo.example>\r\nMIME-Version: 1.0\r\n"
                + (html ? "Content-Type: multipart/alternative; boundary=\"demo\"\r\n\r\n" : "") + body;
    }
}
