package org.koppel.runtime;

import java.util.List;
import java.util.Map;

import org.koppel.store.CustomFieldStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.ContactProjection;
import org.koppel.sync.DataType;
import org.koppel.sync.FieldMap;
import org.springframework.stereotype.Service;

/**
 * The contact field map as imports use it (admins change it through {@link FieldMapEditor}).
 */
@Service
public class ContactFieldMap {

    private final SyncConfigStore config;
    private final CustomFieldStore customFields;
    private final SyncSettings settings;
    private final Map<String, PeerFactory> factories;

    public ContactFieldMap(SyncConfigStore config, CustomFieldStore customFields, SyncSettings settings,
                           List<PeerFactory> factories) {
        this.config = config;
        this.customFields = customFields;
        this.settings = settings;
        this.factories = PeerFactory.byType(factories);
    }

    /**
     * The field map a connection's cards are imported by (the import queue, creation by policy): the
     * stored one, with the peer's addresses left out where they may not come in (iCloud, unless the
     * admin allows it: docs/sync.md), as a run leaves them out.
     */
    public FieldMap forImports(Connection connection) {
        FieldMap stored = config.fieldMap(DataType.CONTACTS);
        PeerFactory factory = factories.get(connection.type());
        String provider = factory == null ? connection.type() : factory.provider(connection);
        return settings.addressesFromPeer(connection.ownerId(), connection.settings(), provider)
                ? stored : stored.crmChangesOnly("adr.");
    }

    /** What {@link ContactProjection#fromCard} needs beside the map: the custom fields (a pick list's default). */
    public ContactProjection.Related related() {
        return ContactProjection.Related.ofCustomFields(customFields.all());
    }

}
