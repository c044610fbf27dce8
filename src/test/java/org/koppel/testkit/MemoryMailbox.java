package org.koppel.testkit;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.koppel.connector.PeerException;
import org.koppel.connector.mail.MailPeer;
import org.koppel.connector.mail.MailQuery;
import org.koppel.connector.mail.MailRef;
import org.koppel.connector.mail.MarkedMails;

/**
 * A mailbox in memory for the engine's tests: mails as RFC 5322 bytes with their marks. It keeps the
 * {@link MailPeer} contract the way the IMAP and Graph peers do (marks compared without case, oldest
 * first, limit and "more"), and lets a test fail a read or the marking.
 */
public class MemoryMailbox implements MailPeer {

    public record Stored(MailRef ref, byte[] content, Set<String> marks) {
    }

    private final Map<String, Stored> mails = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    /** What reading a mail throws, if anything (null: it reads); tests set it. */
    public volatile Function<MailRef, RuntimeException> contentFails = ref -> null;
    /** What marking throws, if anything; tests set it. */
    public volatile RuntimeException markFails;
    /** The cursor the last {@link #marked} call was given. */
    public volatile String lastCursor;

    /** Puts a mail in the folder, received at {@code received}, with these marks; returns its id. */
    public String deliver(String folder, Instant received, byte[] content, String... marks) {
        String id = folder + "/" + ids.incrementAndGet();
        mails.put(id, new Stored(new MailRef(id, folder, received, content.length), content,
                new java.util.concurrent.CopyOnWriteArraySet<>(List.of(marks))));
        return id;
    }

    public Set<String> marksOf(String id) {
        return Set.copyOf(mails.get(id).marks());
    }

    public void addMark(String id, String mark) {
        mails.get(id).marks().add(mark);
    }

    public void removeMark(String id, String mark) {
        mails.get(id).marks().removeIf(m -> m.equalsIgnoreCase(mark));
    }

    public void expunge(String id) {
        mails.remove(id);
    }

    @Override
    public MarkedMails marked(MailQuery query, String cursor) {
        requests.incrementAndGet();
        lastCursor = cursor;
        List<MailRef> all = mails.values().stream()
                .filter(m -> has(m, query.marks().mark()) && !has(m, query.marks().processed()) && !has(m, query.marks().notFound()))
                .filter(m -> query.notBefore() == null || !m.ref().received().isBefore(query.notBefore()))
                .map(Stored::ref)
                .sorted(Comparator.comparing(MailRef::received).thenComparing(MailRef::id))
                .toList();
        return new MarkedMails(all.subList(0, Math.min(query.limit(), all.size())), all.size() > query.limit(),
                "memory-" + requests.get());
    }

    private static boolean has(Stored mail, String mark) {
        return mail.marks().stream().anyMatch(m -> m.equalsIgnoreCase(mark));
    }

    @Override
    public byte[] content(MailRef mail) {
        requests.incrementAndGet();
        RuntimeException failure = contentFails.apply(mail);
        if (failure != null) throw failure;
        Stored stored = mails.get(mail.id());
        if (stored == null) throw new PeerException.ItemRejected("the mail is no longer in " + mail.folder(), null);
        return stored.content();
    }

    @Override
    public void mark(Collection<MailRef> refs, String mark) {
        requests.incrementAndGet();
        if (markFails != null) throw markFails;
        refs.forEach(ref -> {
            Stored stored = mails.get(ref.id());
            if (stored != null) stored.marks().add(mark);
        });
    }

    @Override
    public long requests() {
        return requests.get();
    }

    public Set<String> ids() {
        return new LinkedHashSet<>(mails.keySet());
    }
}
