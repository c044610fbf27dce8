package org.koppel.web.ui;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.mail.MailMarks;
import org.koppel.crm.Checks;
import org.koppel.runtime.MailPolicy;

/**
 * The organisation's e-mail logging settings as the sync settings page shows and posts them: inputs
 * named as SyncSettings names them ({@code email.perRun}), shown with the built-in default where
 * nothing is stored. Boxes are always saved, ticked or not (an unticked box posts nothing); blank
 * texts are left out, so they fall back to the default.
 */
public record MailSyncForm(Map<String, String> values) {

    static final String ON = "PEER_TO_CRM";
    static final List<String> BOXES = List.of("email.attachments", "email.remoteImages");
    static final Set<String> INPUTS = Set.of("email.direction", "email.mark", "email.processedMark", "email.notFoundMark",
            "email.perRun", "email.notOlderThan", "email.log", "email.ambiguous", "email.attachments",
            "email.attachmentMaxMb", "email.remoteImages");

    /** What the organisation layer stores, else the built-in default. */
    static MailSyncForm stored(Map<String, String> stored) {
        MailPolicy d = MailPolicy.defaults();
        MailMarks marks = MailMarks.defaults();
        Map<String, String> defaults = Map.of("email.direction", d.direction().name(), "email.mark", marks.mark(),
                "email.processedMark", marks.processed(), "email.notFoundMark", marks.notFound(),
                "email.perRun", Integer.toString(d.perRun()), "email.log", "BOTH", "email.ambiguous", "ALL",
                "email.attachments", "true", "email.attachmentMaxMb", Long.toString(MailPolicy.DEFAULT_ATTACHMENT_MB),
                "email.remoteImages", Boolean.toString(d.remoteImages()));
        var values = new HashMap<String, String>();
        for (String input : INPUTS) {
            String value = stored.getOrDefault(input, defaults.get(input));
            if (value != null) values.put(input, value);
        }
        return new MailSyncForm(values);
    }

    /** The posted inputs, blank texts left out; the on/off and the boxes always have a value. */
    static MailSyncForm posted(Map<String, String> params) {
        var values = new LinkedHashMap<String, String>();
        INPUTS.forEach(input -> {
            String value = Checks.clean(params.get(input));
            if (value != null) values.put(input, value);
        });
        if (!values.containsKey("email.direction")) values.put("email.direction", "OFF");
        for (String box : BOXES) values.putIfAbsent(box, "false");
        return new MailSyncForm(values);
    }

    public String get(String input) {
        return values.get(input);
    }

    public boolean on() {
        String direction = values.get("email.direction");
        return direction != null && !direction.equals("OFF");
    }

    public boolean ticked(String box) {
        return "true".equals(values.get(box));
    }
}
