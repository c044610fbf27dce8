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
import org.springframework.dao.DuplicateKeyException;
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
        if (!how.underEveryMatch() && !matched.shared().isEmpty()) {
            return new LogOutcome.NotLogged("not logged: " + matched.shared().entrySet().stream()
                    .map(e -> e.getKey() + " belongs to " + String.join(" and ", e.getValue()))
                    .collect(Collectors.joining("; ")) + " (the settings say to log such a mail under none of them)");
        }
        if (matched.under().isEmpty()) {
            return new LogOutcome.NotLogged("no relation has " + (addresses.size() == 1 ? "its address " : "any of its addresses ")
                    + Matched.list(addresses) + "; add the address to a relation and mark the mail again");
        }
        try {
            return transactions.execute(tx -> logOnce(mail, direction, how, matched));
        } catch (DuplicateKeyException e) {
            // Logged by another mailbox's run at the same moment: add what this copy adds.
            return transactions.execute(tx -> logOnce(mail, direction, how, matched));
        }
    }

    private LogOutcome logOnce(MailToLog mail, MailDirection direction, MailLogging how, Matched matched) {
        OptionalLong existing = store.idOf(mail.messageId());
        if (existing.isPresent()) {
            List<LoggedUnder> before = store.find(existing.getAsLong()).orElseThrow().relations();
            Set<Long> had = before.stream().map(LoggedUnder::relationId).collect(Collectors.toSet());
            store.logUnder(existing.getAsLong(), matched.under());
            return new LogOutcome.AlreadyLogged(existing.getAsLong(), matched.namesOf(
                    matched.under().stream().filter(u -> !had.contains(u.relationId())).toList()));
        }
        long id = store.insert(mail, direction, how.employeeId(), how.connectionId(), clock.instant());
        store.logUnder(id, matched.under());
        int position = 0;
        for (MailToLog.Attachment a : mail.attachments()) storeAttachment(id, position++, a);
        return new LogOutcome.Logged(id, direction, matched.namesOf(matched.under()));
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
    record Matched(List<LoggedUnder> under, Map<Long, String> names, Map<String, List<String>> shared) {

        static Matched of(List<String> addresses, List<AddressMatch> matches) {
            var under = new LinkedHashMap<Long, LoggedUnder>();
            var names = new java.util.HashMap<Long, String>();
            var byAddress = new LinkedHashMap<String, Map<Long, String>>();
            // In the mail's order (sender first), so the address a relation is logged by is the first of its.
            for (String address : addresses) {
                for (AddressMatch m : matches) {
                    if (!m.address().equals(address)) continue;
                    under.putIfAbsent(m.relationId(), new LoggedUnder(m.relationId(), address));
                    names.put(m.relationId(), m.relationName());
                    byAddress.computeIfAbsent(address, a -> new LinkedHashMap<>()).put(m.relationId(), m.relationName());
                    if (m.organisationId() != null) under.putIfAbsent(m.organisationId(), new LoggedUnder(m.organisationId(), address));
                }
            }
            var shared = new LinkedHashMap<String, List<String>>();
            byAddress.forEach((address, relations) -> {
                // A person's work address that is also their organisation's own is no doubt about where it belongs.
                matches.stream().filter(m -> m.address().equals(address) && m.organisationId() != null)
                        .forEach(m -> relations.remove(m.organisationId()));
                if (relations.size() > 1) shared.put(address, List.copyOf(relations.values()));
            });
            return new Matched(List.copyOf(under.values()), names, shared);
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
