package org.koppel.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koppel.testkit.TestMails.mail;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.koppel.crm.Origin;
import org.koppel.crm.mail.LoggedMail;
import org.koppel.crm.mail.MailDirection;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.Relations;
import org.koppel.runtime.Connections;
import org.koppel.runtime.SyncRunner;
import org.koppel.sync.DataType;
import org.koppel.sync.RunReport;
import org.koppel.testkit.Dovecot;
import org.koppel.testkit.Samples;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * E-mail logging end to end on a real IMAP server (Dovecot): an "imap" connection made as the API makes
 * it (settings checked against the server, the password sealed), mails marked as a mail program marks
 * them, a sync run, and the keywords and logged mails that result. Runs on H2 and on PostgreSQL.
 */
abstract class ImapMailLoggingContract {

    @Autowired Connections connections;
    @Autowired SyncRunner runner;
    @Autowired Relations relations;
    @Autowired MailLog mails;
    @Autowired Samples samples;

    private final Dovecot dovecot = Dovecot.shared();
    private final String domain = "c" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    private final Instant received = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    String user;
    long owner;
    String ownerAddress;
    org.koppel.security.KoppelUser ownerUser;

    @BeforeEach
    void mailbox() {
        user = dovecot.newUser();
        var employee = samples.employee("imap-seller", org.koppel.crm.employee.EmployeeRole.USER);
        owner = employee.id();
        ownerAddress = employee.emails().getFirst();
        ownerUser = new org.koppel.security.KoppelUser(owner, employee.login(), null, employee.role(), true, false, null);
    }

    private long connect() {
        return connections.create("imap", "Work mail", Map.of("host", dovecot.host(), "port", Integer.toString(dovecot.port()),
                "security", "NONE", "username", user, "email.direction", "PEER_TO_CRM"), dovecot.password(user), ownerUser).id();
    }

    @Test
    void markedMailsInInboxAndSentAreLoggedBothWaysAndGetTheirResultKeywords() {
        Person anna = person("Anna", "anna@" + domain);
        long inbound = append("INBOX", mail().from("Anna <anna@" + domain + ">").to(ownerAddress).subject("Vraag over de offerte")
                .text("Kunt u de offerte sturen? Groet, Anna").messageId(UUID.randomUUID() + "@" + domain).bytes(), "Koppel");
        long outbound = append("Sent", mail().from(ownerAddress).to("anna@" + domain).subject("Re: Vraag over de offerte")
                .html("<p>Hierbij!</p><script>alert(1)</script>").messageId(UUID.randomUUID() + "@koppel.test").bytes(), "Koppel");
        long unknown = append("INBOX", mail().from("stranger@" + domain).to(ownerAddress).subject("Who am I?")
                .messageId(UUID.randomUUID() + "@" + domain).bytes(), "Koppel");
        long unmarked = append("INBOX", mail().from("anna@" + domain).subject("Not for the CRM")
                .messageId(UUID.randomUUID() + "@" + domain).bytes());
        long connection = connect();

        RunReport report = runner.run(connection, "test");

        assertThat(report.status()).as(report.errorMessage()).isEqualTo(RunReport.Status.SUCCEEDED);
        assertThat(report.totals().get(DataType.EMAIL).created()).isEqualTo(2);
        assertThat(report.totals().get(DataType.EMAIL).skipped()).isEqualTo(1);
        assertThat(keywords("INBOX", inbound)).contains("Koppel", "Processed");
        assertThat(keywords("Sent", outbound)).contains("Koppel", "Processed");
        assertThat(keywords("INBOX", unknown)).contains("Koppel", "Not_found");
        assertThat(keywords("INBOX", unmarked)).doesNotContain("Processed", "Not_found");
        List<LoggedMail> logged = mails.loggedUnder(anna.id(), 10, 0);
        assertThat(logged).extracting(LoggedMail::direction).containsExactlyInAnyOrder(MailDirection.INBOUND, MailDirection.OUTBOUND);
        assertThat(logged).filteredOn(m -> m.direction() == MailDirection.OUTBOUND).singleElement()
                .satisfies(m -> assertThat(m.html()).contains("Hierbij!").doesNotContain("script"));

        RunReport again = runner.run(connection, "test");
        assertThat(again.totals().get(DataType.EMAIL).total()).as("nothing marked is left").isZero();
        assertThat(mails.countUnder(anna.id())).isEqualTo(2);
    }

    private Person person(String firstName, String email) {
        return (Person) relations.create(new Person(null, null, null, firstName, null, null, "Test", null, null, null,
                email, null, null, List.of(), null, owner, List.of(), false, List.of(), List.of(), null, Map.of(), null,
                null, null), Origin.system());
    }

    private long append(String folder, byte[] content, String... keywords) {
        try (Store store = store()) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(content)) {
                @Override
                public Date getReceivedDate() {
                    return Date.from(received);
                }
            };
            Flags flags = new Flags();
            for (String k : keywords) flags.add(k);
            m.setFlags(flags, true);
            return ((IMAPFolder) store.getFolder(folder)).appendUIDMessages(new Message[] {m})[0].uid;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> keywords(String folder, long uid) {
        try (Store store = store()) {
            var f = (IMAPFolder) store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            Set<String> found = Set.of(f.getMessageByUID(uid).getFlags().getUserFlags());
            f.close(false);
            return found;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Store store() throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(dovecot.host(), dovecot.port(), user, dovecot.password(user));
        return store;
    }
}
