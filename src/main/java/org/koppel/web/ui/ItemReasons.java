package org.koppel.web.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.koppel.runtime.MassChangeException;
import org.koppel.sync.ContactSlots;
import org.springframework.context.MessageSource;

/**
 * A run report item's reason in the reader's language. The runner stores its reasons in English (the API
 * and the logs show them as they are); the runner's fixed sentences and its list of what a sync wrote
 * ("to the peer: first name; to Koppel: mobile") have message keys (sync.reason.*). Any other reason,
 * such as a server's own refusal, is shown as stored.
 */
final class ItemReasons {

    /** The runner's fixed reasons, by the exact text it stores. */
    private static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("in scope, not yet in the peer", "sync.reason.notYetInPeer"),
            Map.entry("no longer in the peer; kept in Koppel", "sync.reason.noLongerInPeer"),
            Map.entry("deleted in the peer; kept in Koppel", "sync.reason.deletedInPeer"),
            Map.entry("deleted in the peer; kept in Koppel, and put back in the peer after its next change in Koppel while "
                    + "it is in scope", "sync.reason.deletedInPeerPutBack"),
            Map.entry("deleted in the source; kept in Koppel, as deletes never propagate", "sync.reason.deletedInSource"),
            Map.entry("both sides agreed after the conflict", "sync.reason.agreed"),
            Map.entry("changed in Koppel during the run; it is synced on the next run", "sync.reason.changedDuringRun"),
            Map.entry("not tagged with the category 'CRM'", "sync.reason.notTagged"),
            Map.entry("waits in the import queue: organisation, person or lead?", "sync.reason.queued"),
            Map.entry("already decided in the import queue", "sync.reason.decidedInQueue"),
            Map.entry("imported from the source", "sync.reason.imported"),
            Map.entry("completed in the peer before Koppel saw it; not imported", "sync.reason.completedBefore"),
            Map.entry("not from Koppel: this connection syncs only contacts that come from Koppel (creation policy NEVER)",
                    "sync.reason.notFromKoppel"),
            Map.entry("needs a name and an organisation or e-mail address to be created in Koppel", "sync.reason.needsName"),
            Map.entry(MassChangeException.HELD_LEAVING, "sync.reason.heldLeaving"),
            Map.entry(MassChangeException.HELD_GONE, "sync.reason.heldGone"));

    private static final String TO_PEER = "to the peer: ";
    private static final String TO_KOPPEL = "to Koppel: ";

    /** The English label of each contact slot (as the runner writes it), to its slot. */
    private static final Map<String, String> SLOTS = new HashMap<>();

    static {
        for (String slot : ContactSlots.ALL) SLOTS.put(ContactSlots.label(slot), slot);
    }

    private ItemReasons() {
    }

    static String of(String reason, MessageSource messages, Locale locale) {
        if (reason == null) return null;
        String key = FIXED.get(reason);
        if (key != null) return messages.getMessage(key, null, reason, locale);
        String written = written(reason, messages, locale);
        return written != null ? written : reason;
    }

    /** "to the peer: first name, mobile; to Koppel: job title" in words, or null when the reason is not that list. */
    private static String written(String reason, MessageSource messages, Locale locale) {
        var parts = new ArrayList<String>();
        for (String part : reason.split("; ")) {
            String key = part.startsWith(TO_PEER) ? "sync.reason.toPeer" : part.startsWith(TO_KOPPEL) ? "sync.reason.toKoppel" : null;
            if (key == null) return null;
            String list = part.substring(part.indexOf(": ") + 2);
            var labels = new ArrayList<String>();
            for (String label : list.split(", ")) {
                String slot = SLOTS.get(label);
                labels.add(slot == null ? label : messages.getMessage("sync.slot." + slot, null, label, locale));
            }
            parts.add(messages.getMessage(key, new Object[] {String.join(", ", labels)}, locale));
        }
        return String.join("; ", parts);
    }
}
