package org.koppel.connector.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.koppel.connector.PeerException;
import org.springframework.web.util.UriUtils;

import tools.jackson.databind.JsonNode;

/**
 * The contact folder a connection syncs, and the Graph paths of its contacts.
 *
 * <ul>
 * <li>{@code koppel} (default): a folder named "Koppel" under the user's Contacts, found by name
 * ({@code GET /me/contactFolders?$filter=displayName eq 'Koppel'}, "List contactFolders") or created
 * ({@code POST /me/contactFolders}, "Create ContactFolder"). Koppel's cards stay apart from the
 * user's own, and Outlook shows them as one more address book.</li>
 * <li>{@code default}: the user's own Contacts folder. Its id is not documented as a well-known name
 * for contact folders; it is the {@code parentFolderId} of the folders listed by
 * {@code GET /me/contactFolders} ("the contact folder collection in the default Contacts folder") or
 * of any contact in {@code GET /me/contacts}. An empty folder without subfolders has neither: then
 * there is nothing to sync yet, and the next run looks again.</li>
 * </ul>
 */
final class ContactFolder {

    static final String KOPPEL = "koppel";
    static final String DEFAULT = "default";
    static final String KOPPEL_FOLDER_NAME = "Koppel";

    private final GraphClient client;
    private final String choice;

    ContactFolder(GraphClient client, String choice) {
        String c = choice == null || choice.isBlank() ? KOPPEL : choice.strip().toLowerCase(java.util.Locale.ROOT);
        if (!c.equals(KOPPEL) && !c.equals(DEFAULT)) {
            throw new PeerException.Configuration("unknown contact folder choice '" + choice + "' (use 'koppel' or 'default')", null);
        }
        this.client = client;
        this.choice = c;
    }

    boolean isDefault() {
        return choice.equals(DEFAULT);
    }

    /** The folder's id, found or (Koppel's folder) created; null for an empty default folder. */
    String resolve() {
        return isDefault() ? defaultFolderId() : koppelFolderId();
    }

    /** Where contacts of the folder are created and listed. */
    String contactsPath(String folderId) {
        return isDefault() ? "/me/contacts" : "/me/contactFolders/" + segment(folderId) + "/contacts";
    }

    String contactPath(String folderId, String contactId) {
        return contactsPath(folderId) + "/" + segment(contactId);
    }

    /** The first request of a delta round ("contact: delta"); only the version is needed from it. */
    String deltaStart(String folderId) {
        return "/me/contactFolders/" + segment(folderId) + "/contacts/delta?$select=changeKey";
    }

    private String koppelFolderId() {
        String filter = URLEncoder.encode("displayName eq '" + KOPPEL_FOLDER_NAME + "'", StandardCharsets.UTF_8).replace("+", "%20");
        GraphResponse found = client.get("/me/contactFolders?$filter=" + filter, Map.of());
        if (!found.ok()) throw GraphErrors.failure(found, "find the Koppel contact folder", client.clock());
        for (JsonNode folder : found.body().path("value")) {
            if (KOPPEL_FOLDER_NAME.equals(folder.path("displayName").asString(""))) return folder.path("id").asString();
        }
        var body = client.json().createObjectNode().put("displayName", KOPPEL_FOLDER_NAME);
        GraphResponse created = client.send("POST", "/me/contactFolders", Map.of(), body);
        if (!created.ok()) throw GraphErrors.failure(created, "create the Koppel contact folder", client.clock());
        return created.body().path("id").asString();
    }

    private String defaultFolderId() {
        for (String probe : new String[]{"/me/contactFolders?$top=1&$select=parentFolderId", "/me/contacts?$top=1&$select=parentFolderId"}) {
            GraphResponse r = client.get(probe, Map.of());
            if (!r.ok()) throw GraphErrors.failure(r, "find the Contacts folder", client.clock());
            for (JsonNode item : r.body().path("value")) {
                String parent = item.path("parentFolderId").asString("");
                if (!parent.isEmpty()) return parent;
            }
        }
        return null;
    }

    static String segment(String id) {
        return UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
    }
}
