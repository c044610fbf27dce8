package org.koppel.runtime;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;
import org.koppel.connector.mail.MimeMail;
import org.koppel.connector.mail.ParsedMail;
import org.koppel.crm.mail.LogOutcome;
import org.koppel.crm.mail.MailLog;
import org.koppel.crm.mail.MailLogging;
import org.koppel.sync.RunReport.Outcome;
import org.springframework.stereotype.Service;

/**
 * The e-mail part of a run: the mailbox's marked mails, oldest first and at most the setting's number,
 * each read, logged under its relations (or not, with the reason), and marked "Processed" or
 * "Not found" in the mailbox (crmcorner "E-mail"). Every step may be repeated after a crash: a mail
 * logged but not yet marked is found again and recognised by its Message-ID.
 */
@Service
class MailRun {

    private final MailLog log;

    MailRun(MailLog log) {
        this.log = log;
    }

    /** @param more whether marked mails wait beyond this run's limit */
    record Result(String cursor, boolean more) {
    }

    Result run(Connection connection, MailPolicy policy, MailPeer peer, String cursor, ReportBuilder report, LiveRun live) {
        var query = new MailQuery(policy.marks(),
                policy.notOlderThan() == null ? null : policy.notOlderThan().atStartOfDay(ZoneOffset.UTC).toInstant(),
                policy.perRun());
        MarkedMails marked = live.peerCall(() -> peer.marked(query, cursor));
        report.expect(marked.mails().size());
        var logging = new MailLogging(connection.ownerId(), connection.id(), policy.logged(), policy.underEveryMatch());
        var processed = new ArrayList<MailRef>();
        var notFound = new ArrayList<MailRef>();
        try {
            for (MailRef mail : marked.mails()) {
                live.throwIfStopped();
                logOne(mail, peer, policy, logging, live, report, processed, notFound);
            }
        } catch (RuntimeException failure) {
            // What was logged is marked also when a later mail failed the run: the next run has less to read again.
            try {
                mark(peer, live, processed, notFound, policy);
            } catch (RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
        mark(peer, live, processed, notFound, policy);
        return new Result(marked.cursor(), marked.more());
    }

    private void logOne(MailRef mail, MailPeer peer, MailPolicy policy, MailLogging logging, LiveRun live,
                        ReportBuilder report, List<MailRef> processed, List<MailRef> notFound) {
        ParsedMail parsed;
        try {
            byte[] content = live.peerCall(() -> peer.content(mail));
            parsed = MimeMail.parse(content, policy.reading());
        } catch (PeerException.ItemRejected e) {
            // Marked "Not found", so it is not read again on every run; the reason is in the report.
            report.item(null, mail.id(), Outcome.ERROR, "a mail in " + mail.folder() + " of " + mail.received()
                    + " could not be read: " + e.getMessage());
            notFound.add(mail);
            return;
        }
        String which = describe(parsed);
        LogOutcome outcome;
        try {
            outcome = log.log(ParsedMails.toLog(parsed, mail.received()), logging);
        } catch (org.springframework.dao.DataIntegrityViolationException | java.io.UncheckedIOException e) {
            // This mail's own trouble (a value the database refuses, a full attachment folder): reported and
            // marked, so it cannot stand first in line and stop every later mail of the mailbox. A database
            // that is down fails the run instead.
            report.item(null, mail.id(), Outcome.ERROR, which + ": could not be stored: " + e.getMessage());
            notFound.add(mail);
            return;
        }
        switch (outcome) {
            case LogOutcome.Logged l -> {
                report.item(l.mailId(), mail.id(), Outcome.CREATED_IN_CRM, which + ": logged ("
                        + l.direction().name().toLowerCase(java.util.Locale.ROOT) + ") under " + String.join(", ", l.under())
                        + (l.note() == null ? "" : "; " + l.note()));
                processed.add(mail);
            }
            case LogOutcome.AlreadyLogged a when a.added().isEmpty() -> {
                report.unchanged();
                processed.add(mail);
            }
            case LogOutcome.AlreadyLogged a -> {
                report.item(a.mailId(), mail.id(), Outcome.UPDATED_CRM, which + ": logged before; now also under "
                        + String.join(", ", a.added()));
                processed.add(mail);
            }
            case LogOutcome.NotLogged n -> {
                report.item(null, mail.id(), Outcome.SKIPPED, which + ": " + n.reason());
                notFound.add(mail);
            }
        }
    }

    private static void mark(MailPeer peer, LiveRun live, List<MailRef> processed, List<MailRef> notFound, MailPolicy policy) {
        if (live.stopCause() != null) return;
        live.peerCall(() -> {
            if (!processed.isEmpty()) peer.mark(processed, policy.marks().processed());
            if (!notFound.isEmpty()) peer.mark(notFound, policy.marks().notFound());
            return null;
        });
    }

    /** "“Offer 2027” from anna@example.com", for the run report. */
    private static String describe(ParsedMail mail) {
        String subject = mail.subject() == null || mail.subject().isBlank() ? "(no subject)"
                : "“" + org.koppel.crm.mail.MailToLog.clip(mail.subject(), 80) + "”";
        return subject + (mail.from() == null ? "" : " from " + mail.from().address());
    }

}
