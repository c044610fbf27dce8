package org.koppel.crm.mail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.NotFoundException;
import org.koppel.store.MailStore;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one write path of logged mail: decides the direction, finds the relations the mail belongs
 * under, and logs it once per Message-ID (crmcorner "E-mail", webcrm "Synchronising Emails").
 */
@Service
public class MailLog {

    private final MailStore store;
    private final AttachmentFolder folder;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MailLog(MailStore store, AttachmentFolder folder, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.folder = folder;
        this.transactions = transactions;
        this.clock = clock;
    }

    public LogOutcome log(MailToLog mail, MailLogging how) {
        Set<String> employees = store.employeeAddresses(mail.addresses());
        MailDirection direction = mail.fromAddress() != null && employees.contains(mail.fromAddress())
                ? MailDirection.OUTBOUND : MailDirection.INBOUND;
        if (!how.directions().contains(direction)) {
            return new LogOutcome.NotLogged(direction.name().toLowerCase(java.util.Locale.ROOT)
                    + " mails are not logged (e-mail setting \"log\")");
        }
        List<String> addresses = mail.addresses().stream().filter(a -> !employees.contains(a)).toList();
        if (addresses.isEmpty()) return new LogOutcome.NotLogged("only employees' addresses are on it; no relation to log it under");
        Matched matched = Matched.of(addresses, store.relationsWith(addresses));
        // An address several relations share: under all of them, or, by the settings, under none (said in the report).
        List<LoggedUnder> under = how.underEveryMatch() ? matched.under() : matched.clear();
        String leftOut = how.underEveryMatch() || matched.shared().isEmpty() ? null : matched.shared().entrySet().stream()
                .map(e -> e.getKey() + " belongs to " + String.join(" and ", e.getValue()))
                .collect(Collectors.joining("; ")) + " (the settings say to log a mail under none of the relations that share an address)";
        if (under.isEmpty()) {
            return new LogOutcome.NotLogged(leftOut != null ? "not logged: " + leftOut
                    : "no relation has " + (addresses.size() == 1 ? "its address " : "any of its addresses ")
                    + Matched.list(addresses) + "; add the address to a relation and mark the mail again");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(tx -> logOnce(mail, direction, how, matched, under, leftOut));
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                // Logged (or given a relation) by another mailbox's run at the same moment: again, adding what this copy adds.
                if (attempt == 3) throw e;
            }
        }
    }

    private LogOutcome logOnce(MailToLog mail, MailDirection direction, MailLogging how, Matched matched,
                               List<LoggedUnder> under, String leftOut) {
        OptionalLong existing = store.idOf(mail.messageId());
        if (existing.isPresent()) {
            if (!sameMail(store.senderAndSubject(existing.getAsLong()).orElseThrow(), mail)) {
                // A Message-ID reused by another mail (some mailers do; a sender can copy one): logged as a mail of its
                // own, never merged into the earlier one, whose relations would otherwise show this one's.
                return logOnce(mail.withMessageId(mail.messageId() + "#" + AttachmentFolder.sha256(
                        (mail.fromAddress() + "\n" + mail.subject() + "\n" + mail.sentAt()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .substring(0, 16)), direction, how, matched, under, leftOut);
            }
            return new LogOutcome.AlreadyLogged(existing.getAsLong(), matched.namesOf(store.logUnder(existing.getAsLong(), under)));
        }
        long id = store.insert(mail, direction, how.employeeId(), how.connectionId(), clock.instant());
        store.logUnder(id, under);
        int position = 0;
        for (MailToLog.Attachment a : mail.attachments()) storeAttachment(id, position++, a);
        return new LogOutcome.Logged(id, direction, matched.namesOf(under), leftOut);
    }

    /** The same mail as a copy in another mailbox is: the same sender and subject (the Date header may be rewritten). */
    private static boolean sameMail(MailStore.SenderAndSubject logged, MailToLog mail) {
        return logged.equals(new MailStore.SenderAndSubject(mail.fromAddress(), mail.subject()));
    }

    private void storeAttachment(long mailId, int position, MailToLog.Attachment a) {
        MailAttachmentInfo.StoredIn where = a.content() == null ? MailAttachmentInfo.StoredIn.NONE
                : folder.configured() ? MailAttachmentInfo.StoredIn.FOLDER : MailAttachmentInfo.StoredIn.DATABASE;
        String sha = a.content() == null ? null : AttachmentFolder.sha256(a.content());
        if (where == MailAttachmentInfo.StoredIn.FOLDER) folder.store(sha, a.content());
        store.insertAttachment(mailId, new MailAttachmentInfo(position, a.fileName(), a.contentType(), a.size(),
                a.contentId(), a.inline(), where, a.leftOut()), sha, where == MailAttachmentInfo.StoredIn.DATABASE ? a.content() : null);
    }

    public LoggedMail find(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("mail", id));
    }

    public List<LoggedMail> loggedUnder(long relationId, int limit, int offset) {
        return store.loggedUnder(relationId, limit, offset);
    }

    public int countUnder(long relationId) {
        return store.countUnder(relationId);
    }

    /** An attachment's content, when it was kept. */
    public Optional<byte[]> attachmentContent(long mailId, int position) {
        return store.attachmentContent(mailId, position).flatMap(c -> switch (c.storedIn()) {
            case DATABASE -> Optional.ofNullable(c.bytes());
            case FOLDER -> Optional.of(folder.read(c.sha256()));
            case NONE -> Optional.empty();
        });
    }

    /** Removes a logged mail (logged by mistake, say); marked again, it is logged again. */
    public void delete(long id) {
        if (!store.delete(id)) throw new NotFoundException("mail", id);
    }

    /**
     * The relations a mail's addresses lead to: every match, a contact role's organisation with its
     * person; and the addresses that belong to more than one relation.
     */
    record Matched(List<LoggedUnder> under, List<LoggedUnder> clear, Map<Long, String> names, Map<String, List<String>> shared) {

        static Matched of(List<String> addresses, List<AddressMatch> matches) {
            var names = new java.util.HashMap<Long, String>();
            var byAddress = new LinkedHashMap<String, Map<Long, String>>();
            for (AddressMatch m : matches) {
                names.put(m.relationId(), m.relationName());
                byAddress.computeIfAbsent(m.address(), a -> new LinkedHashMap<>()).put(m.relationId(), m.relationName());
            }
            var shared = new LinkedHashMap<String, List<String>>();
            byAddress.forEach((address, relations) -> {
                // A person's work address that is also their organisation's own is no doubt about where it belongs.
                matches.stream().filter(m -> m.address().equals(address) && m.organisationId() != null)
                        .forEach(m -> relations.remove(m.organisationId()));
                if (relations.size() > 1) shared.put(address, List.copyOf(relations.values()));
            });
            var under = new LinkedHashMap<Long, LoggedUnder>();
            var clear = new LinkedHashMap<Long, LoggedUnder>();
            // In the mail's order (sender first), so the address a relation is logged by is the first of its.
            for (String address : addresses) {
                for (AddressMatch m : matches) {
                    if (!m.address().equals(address)) continue;
                    add(under, m, address);
                    if (!shared.containsKey(address)) add(clear, m, address);
                }
            }
            return new Matched(List.copyOf(under.values()), List.copyOf(clear.values()), names, shared);
        }

        private static void add(Map<Long, LoggedUnder> under, AddressMatch m, String address) {
            under.putIfAbsent(m.relationId(), new LoggedUnder(m.relationId(), address));
            if (m.organisationId() != null) under.putIfAbsent(m.organisationId(), new LoggedUnder(m.organisationId(), address));
        }

        /** The names of these relations; an organisation brought along by a contact role is named by its person. */
        List<String> namesOf(List<LoggedUnder> relations) {
            return relations.stream().map(u -> names.get(u.relationId())).filter(java.util.Objects::nonNull).toList();
        }

        static String list(List<String> addresses) {
            if (addresses.size() <= 5) return String.join(", ", addresses);
            return String.join(", ", addresses.subList(0, 5)) + " and " + (addresses.size() - 5) + " more";
        }
    }
}
