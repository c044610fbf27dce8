package org.koppel.testkit.google;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Google account's contacts ("myContacts"), as the People API keeps them: a person per contact with a
 * server-assigned resource name {@code people/c<digits>} and an etag that changes with every write, plus a
 * change sequence from which sync tokens answer "what changed since". Deleted contacts are remembered as
 * tombstones so an incremental sync can report them with {@code metadata.deleted = true}
 * (people.connections.list, https://developers.google.com/people/api/rest/v1/people.connections/list).
 */
final class FakeContacts {

    /**
     * The contact fields of the Person resource (https://developers.google.com/people/api/rest/v1/people#Person)
     * that updateContact may name in updatePersonFields (https://developers.google.com/people/api/rest/v1/people/updateContact).
     */
    static final Set<String> CONTACT_FIELDS = Set.of("addresses", "biographies", "birthdays", "calendarUrls", "clientData",
            "emailAddresses", "events", "externalIds", "genders", "imClients", "interests", "locales", "locations",
            "memberships", "miscKeywords", "names", "nicknames", "occupations", "organizations", "phoneNumbers",
            "relations", "sipAddresses", "urls", "userDefined");

    /** Fields personFields may ask for beyond the contact fields: read-only ones (same page, "personFields"). */
    static final Set<String> READ_ONLY_FIELDS = Set.of("ageRanges", "coverPhotos", "metadata", "photos");

    /**
     * "The server returns a 400 error if more than one field is specified on a field that is a singleton for
     * contact sources: biographies, birthdays, genders, names" (updateContact; createContact says the same).
     */
    static final Set<String> SINGLETONS = Set.of("biographies", "birthdays", "genders", "names");

    static final class Contact {
        final String id;
        ObjectNode fields;
        long version;
        long changeSeq;
        Instant updateTime;
        boolean deleted;

        Contact(String id) {
            this.id = id;
        }

        String resourceName() {
            return "people/" + id;
        }

        /** Opaque to clients, as Google's ("%Eg..." strings): only equality matters. */
        String etag() {
            return "%" + Base64.getUrlEncoder().withoutPadding().encodeToString((id + "#" + version).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private long nextId = 1_000_001;
    private long seq;
    /** Sync tokens issued before this sequence point are expired by a test ({@link FakeGoogle#expireSyncTokens}). */
    long expiredBefore;

    synchronized Contact create(ObjectNode fields, Instant now) {
        Contact c = new Contact("c" + nextId++);
        c.fields = contactFieldsOf(fields);
        if (!c.fields.has("memberships")) {
            // A contact made through the API lands in "myContacts" (contact groups, system group "myContacts":
            // https://developers.google.com/people/api/rest/v1/contactGroups)
            c.fields.putArray("memberships").addObject().putObject("contactGroupMembership")
                    .put("contactGroupResourceName", "contactGroups/myContacts").put("contactGroupId", "myContacts");
        }
        touch(c, now);
        contacts.put(c.id, c);
        return c;
    }

    synchronized Contact get(String id) {
        Contact c = contacts.get(id);
        return c == null || c.deleted ? null : c;
    }

    /** Replaces the named fields whole: "All fields specified in the update mask will be replaced" (updateContact). */
    synchronized Contact update(String id, ObjectNode person, Set<String> mask, Instant now) {
        Contact c = get(id);
        for (String field : mask) {
            JsonNode value = person.get(field);
            if (value == null || value.isNull()) c.fields.remove(field);
            else c.fields.set(field, value.deepCopy());
        }
        touch(c, now);
        return c;
    }

    synchronized boolean delete(String id, Instant now) {
        Contact c = get(id);
        if (c == null) return false;
        c.deleted = true;
        touch(c, now);
        return true;
    }

    synchronized long sequence() {
        return seq;
    }

    /** Live contacts for a full listing, oldest change first (sortOrder defaults to LAST_MODIFIED_ASCENDING). */
    synchronized List<Contact> live() {
        return contacts.values().stream().filter(c -> !c.deleted).sorted(Comparator.comparingLong(c -> c.changeSeq)).toList();
    }

    /** Every contact changed or deleted after {@code since} up to {@code upTo}, tombstones included. */
    synchronized List<Contact> changedSince(long since, long upTo) {
        return new ArrayList<>(contacts.values().stream().filter(c -> c.changeSeq > since && c.changeSeq <= upTo)
                .sorted(Comparator.comparingLong(c -> c.changeSeq)).toList());
    }

    /**
     * The last sequence point a sync may report: "Writes may have a propagation delay of several minutes for sync
     * requests" (people.connections.list), so changes younger than {@code delay} stay out of sync answers and their
     * tokens, to come in a later sync.
     */
    synchronized long visibleToSync(Instant now, java.time.Duration delay) {
        if (delay.isZero()) return seq;
        long firstHidden = contacts.values().stream().filter(c -> c.updateTime.isAfter(now.minus(delay)))
                .mapToLong(c -> c.changeSeq).min().orElse(seq + 1);
        return firstHidden - 1;
    }

    private void touch(Contact c, Instant now) {
        markPrimary(c.fields, c.id);
        c.version++;
        c.changeSeq = ++seq;
        c.updateTime = now;
    }

    static ObjectNode contactFieldsOf(JsonNode person) {
        ObjectNode fields = GoogleResponse.JSON.createObjectNode();
        for (String f : CONTACT_FIELDS) {
            JsonNode v = person.get(f);
            if (v != null && !v.isNull()) fields.set(f, v.deepCopy());
        }
        return fields;
    }

    /**
     * "Most fields can have multiple items. The items in a field have no guaranteed order, but each non-empty field
     * is guaranteed to have exactly one field with metadata.primary set to true" (Person,
     * https://developers.google.com/people/api/rest/v1/people#Person). The first item sent with primary wins, else
     * the first item; each item also names its source (FieldMetadata.source: the contact).
     */
    static void markPrimary(ObjectNode fields, String contactId) {
        for (String f : CONTACT_FIELDS) {
            JsonNode items = fields.get(f);
            if (items == null || !items.isArray() || items.isEmpty()) continue;
            int primary = -1;
            for (int i = 0; i < items.size(); i++) {
                if (primary < 0 && items.get(i).path("metadata").path("primary").asBoolean(false)) primary = i;
            }
            if (primary < 0) primary = 0;
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ObjectNode item)) continue;
                ObjectNode metadata = item.has("metadata") && item.get("metadata").isObject()
                        ? (ObjectNode) item.get("metadata") : item.putObject("metadata");
                metadata.put("primary", i == primary);
                metadata.putObject("source").put("type", "CONTACT").put("id", contactId.substring(1));
            }
        }
    }

    /**
     * The person as the API shows it: resourceName and etag always, then only the fields asked for
     * ("personFields: Required. A field mask to restrict which fields on each person are returned").
     * Deleted contacts in a sync answer carry only their name, etag and {@code metadata.deleted}.
     */
    static ObjectNode representation(Contact c, Set<String> personFields) {
        ObjectNode p = GoogleResponse.JSON.createObjectNode();
        p.put("resourceName", c.resourceName());
        p.put("etag", c.etag());
        if (c.deleted) {
            p.putObject("metadata").put("deleted", true);
            return p;
        }
        if (personFields.contains("metadata")) {
            ObjectNode metadata = p.putObject("metadata");
            ArrayNode sources = metadata.putArray("sources");
            sources.addObject().put("type", "CONTACT").put("id", c.id.substring(1)).put("etag", c.etag())
                    .put("updateTime", c.updateTime.toString());
            metadata.put("objectType", "PERSON");
        }
        for (String f : personFields) {
            if (CONTACT_FIELDS.contains(f) && c.fields.has(f)) p.set(f, c.fields.get(f).deepCopy());
        }
        return p;
    }
}
