package org.koppel.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import org.koppel.connector.carddav.VCardContacts;
import org.koppel.crm.csv.RelationExport;
import org.koppel.crm.relation.ContactRole;
import org.koppel.crm.relation.Person;
import org.koppel.crm.relation.RelationQuery;
import org.koppel.store.CustomFieldStore;
import org.koppel.store.RelationStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.ContactSlots;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.springframework.stereotype.Service;

/**
 * The matching relations as one .vcf file: each card made as a CardDAV sync would make it (the
 * admin's contacts field map, the same vCard writer), so an export and a synced address book agree.
 */
@Service
public class RelationCards {

    private final RelationExport export;
    private final RelationStore store;
    private final SyncConfigStore config;
    private final CustomFieldStore customFields;
    private final VCardContacts cards = new VCardContacts();

    public RelationCards(RelationExport export, RelationStore store, SyncConfigStore config, CustomFieldStore customFields) {
        this.export = export;
        this.store = store;
        this.config = config;
        this.customFields = customFields;
    }

    public void write(RelationQuery query, OutputStream out) throws IOException {
        FieldMap map = config.fieldMap(DataType.CONTACTS);
        var fields = customFields.all();
        export.forEachSlice(query, slice -> {
            var orgIds = slice.stream().filter(r -> r instanceof Person).flatMap(r -> ((Person) r).contactRoles().stream())
                    .map(ContactRole::organisationId).filter(id -> id != null).distinct().toList();
            var related = new ContactProjection.Related(store.displayNames(orgIds), java.util.Map.of(), fields);
            try {
                for (var relation : slice) {
                    var slots = new TreeMap<>(ContactProjection.project(relation, related, map).values());
                    slots.put(ContactSlots.KIND, ContactProjection.kindHint(relation));
                    String card = cards.write(null, slots, "koppel-" + relation.id(), relation.id());
                    out.write(card.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
