package org.koppel.testkit.graph;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Exchange mailbox as the fake holds it: contact folders, contacts with their extended
 * properties, a change journal for delta, and the delta tokens handed out. All state changes go
 * through here, under the mailbox's lock, and each change of a contact gives it a new changeKey and
 * {@code @odata.etag} ("changeKey: Identifies the version of the contact. Every time the contact is
 * changed, ChangeKey changes as well", contact resource, https://learn.microsoft.com/graph/api/resources/contact).
 */
final class FakeMailbox {

    record Folder(String id, String displayName, String parentFolderId) {
    }

    static final class Contact {
        final String id;
        final String folderId;
        final ObjectNode props = ContactShape.defaults();
        /** extended property key → {id as written, value} */
        final Map<String, String[]> extended = new LinkedHashMap<>();
        final Instant created;
        String changeKey;
        Instant modified;

        Contact(String id, String folderId, Instant now) {
            this.id = id;
            this.folderId = folderId;
            this.created = now;
        }

        List<String> addresses() {
            var list = new ArrayList<String>();
            props.path(ContactShape.EMAILS).forEach(e -> list.add(e.path("address").asString("").toLowerCase(Locale.ROOT)));
            list.removeIf(String::isBlank);
            return list;
        }
    }

    private record Change(long seq, String folderId, String contactId) {
    }

    private record Token(String folderId, long seq, Set<String> select) {
    }

    /** The rest of a delta round being paged through. */
    private record Round(String folderId, List<ObjectNode> remaining, String deltaToken) {
    }

    /** One delta page: its entries and either the skiptoken of the next page or the new deltatoken. */
    record DeltaPage(List<ObjectNode> value, String skipToken, String deltaToken) {
    }

    static final class TokenExpired extends RuntimeException {
        TokenExpired() {
            super("sync state not found", null, false, false);
        }
    }

    final String id;
    final String defaultFolderId;
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final List<Change> journal = new ArrayList<>();
    private final Map<String, Token> deltaTokens = new HashMap<>();
    private final Map<String, Round> rounds = new HashMap<>();
    private long seq;
    volatile boolean mergeByEmail;
    /** Told of every contact change, under the mailbox's lock: it must only hand the work on. */
    volatile ChangeListener listener = (folderId, contactId, changeType, changeKey) -> { };

    interface ChangeListener {
        /** @param changeType created, updated or deleted, as change notifications name them */
        void changed(String folderId, String contactId, String changeType, String changeKey);
    }

    FakeMailbox(String id) {
        this.id = id;
        this.defaultFolderId = newId("AAMkAGRmb");
    }

    // ---- folders ------------------------------------------------------------------------------

    synchronized Folder addFolder(String displayName) {
        Folder f = new Folder(newId("AAMkAGZmb"), displayName, defaultFolderId);
        folders.put(f.id(), f);
        return f;
    }

    synchronized List<Folder> folders() {
        return List.copyOf(folders.values());
    }

    synchronized boolean hasFolder(String folderId) {
        return folderId.equals(defaultFolderId) || folders.containsKey(folderId);
    }

    synchronized boolean deleteFolder(String folderId) {
        if (folders.remove(folderId) == null) return false;
        for (Contact c : List.copyOf(contacts.values())) if (c.folderId.equals(folderId)) delete(c.id);
        return true;
    }

    // ---- contacts -----------------------------------------------------------------------------

    synchronized Contact create(String folderId, JsonNode body) {
        Contact c = new Contact(newId("AAMkAGNvb"), folderId, now());
        ContactShape.apply(c.props, body);
        putExtended(c, body);
        contacts.put(c.id, c);
        changed(c, "created");
        return c;
    }

    synchronized Contact get(String contactId) {
        return contacts.get(contactId);
    }

    synchronized List<Contact> contacts(String folderId) {
        return contacts.values().stream().filter(c -> c.folderId.equals(folderId)).toList();
    }

    synchronized Contact patch(String contactId, JsonNode body) {
        Contact c = contacts.get(contactId);
        if (c == null) return null;
        ContactShape.apply(c.props, body);
        putExtended(c, body);
        changed(c, "updated");
        return c;
    }

    synchronized boolean delete(String contactId) {
        Contact c = contacts.remove(contactId);
        if (c == null) return false;
        journal.add(new Change(++seq, c.folderId, c.id));
        listener.changed(c.folderId, c.id, "deleted", null);
        return true;
    }

    /**
     * Outlook's merge by e-mail (Tribe document, section 3): a new contact whose e-mail address is
     * already on another card of the address book gets that card's details copied in, as a change of
     * its own right after creation (a new changeKey, seen in the next delta). The stamp Koppel wrote
     * stays: it is the new contact's, not the other card's.
     */
    synchronized void mergeByEmail(Contact created) {
        if (!mergeByEmail) return;
        var mine = new LinkedHashSet<>(created.addresses());
        Contact existing = contacts.values().stream()
                .filter(c -> c != created && c.addresses().stream().anyMatch(mine::contains))
                .findFirst().orElse(null);
        if (existing == null) return;
        existing.props.properties().forEach(e -> {
            JsonNode v = e.getValue();
            boolean empty = v.isNull() || (v.isContainer() && v.isEmpty());
            if (!empty && !e.getKey().equals("categories")) created.props.set(e.getKey(), v.deepCopy());
        });
        changed(created, "updated");
    }

    // ---- representation -----------------------------------------------------------------------

    /** The contact as Graph returns it; {@code select} null for all properties, {@code expand} null for none. */
    synchronized ObjectNode representation(Contact c, Set<String> select, List<String> expand) {
        ObjectNode all = FakeExchange.JSON.createObjectNode();
        all.put("@odata.etag", "W/\"" + c.changeKey + "\"");
        all.put("id", c.id);
        all.put("createdDateTime", c.created.toString());
        all.put("lastModifiedDateTime", c.modified.toString());
        all.put("changeKey", c.changeKey);
        all.put("parentFolderId", c.folderId);
        all.setAll(c.props.deepCopy());
        ObjectNode out = ODataQuery.shaped(all, select, expand, c.extended);
        return out;
    }

    synchronized String extendedValue(Contact c, String propertyId) {
        String[] p = c.extended.get(ExtendedIds.key(propertyId));
        return p == null ? null : p[1];
    }

    // ---- delta --------------------------------------------------------------------------------

    /** The first page of a round: everything in the folder, or the changes since {@code deltaToken}. */
    synchronized DeltaPage startDelta(String folderId, String deltaToken, Set<String> select, int pageSize) {
        List<ObjectNode> entries = new ArrayList<>();
        if (deltaToken == null) {
            for (Contact c : contacts(folderId)) entries.add(representation(c, select, null));
        } else {
            Token token = deltaTokens.get(deltaToken);
            if (token == null || !token.folderId().equals(folderId)) throw new TokenExpired();
            select = token.select();
            var ids = new LinkedHashSet<String>();
            for (Change change : journal) {
                if (change.seq() > token.seq() && change.folderId().equals(folderId)) {
                    ids.remove(change.contactId());
                    ids.add(change.contactId());
                }
            }
            for (String id : ids) {
                Contact c = contacts.get(id);
                if (c != null && c.folderId.equals(folderId)) entries.add(representation(c, select, null));
                else entries.add(removed(id));
            }
        }
        String next = newToken();
        deltaTokens.put(next, new Token(folderId, seq, select));
        return page(new Round(folderId, entries, next), pageSize);
    }

    synchronized DeltaPage continueDelta(String folderId, String skipToken, int pageSize) {
        Round round = rounds.remove(skipToken);
        if (round == null || !round.folderId().equals(folderId)) throw new TokenExpired();
        return page(round, pageSize);
    }

    /** Test hook: every delta and skip token handed out so far is forgotten, as an overflowing token cache does. */
    synchronized void expireTokens() {
        deltaTokens.clear();
        rounds.clear();
    }

    private DeltaPage page(Round round, int pageSize) {
        if (round.remaining().size() <= pageSize) return new DeltaPage(round.remaining(), null, round.deltaToken());
        String skip = newToken();
        rounds.put(skip, new Round(round.folderId(), round.remaining().subList(pageSize, round.remaining().size()), round.deltaToken()));
        return new DeltaPage(round.remaining().subList(0, pageSize), skip, null);
    }

    private static ObjectNode removed(String id) {
        ObjectNode gone = FakeExchange.JSON.createObjectNode().put("id", id);
        gone.putObject("@removed").put("reason", "deleted");
        return gone;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void putExtended(Contact c, JsonNode body) {
        for (JsonNode p : body.path(ContactShape.EXTENDED)) {
            String id = p.path("id").asString("");
            c.extended.put(ExtendedIds.key(id), new String[]{id, p.path("value").isNull() ? null : p.path("value").asString("")});
        }
    }

    private void changed(Contact c, String changeType) {
        c.changeKey = "EQAAABYAAAA" + random(12);
        c.modified = now();
        journal.add(new Change(++seq, c.folderId, c.id));
        listener.changed(c.folderId, c.id, changeType, c.changeKey);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String newId(String prefix) {
        return prefix + random(24);
    }

    private static String newToken() {
        return random(18);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
