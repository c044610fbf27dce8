package org.koppel.web.ui;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;

/**
 * The organisation's appointment and task settings as the sync settings page shows and posts them:
 * inputs named as SyncSettings names them ({@code appointments.direction}), shown with the built-in
 * default where nothing is stored. Turning a type on is what makes Microsoft 365 sign-ins ask for
 * calendar or task access.
 */
public record AgendaSyncForm(Map<String, String> values) {

    static final List<String> TYPES = List.of("appointments", "tasks");
    static final Set<String> INPUTS = Set.of("appointments.direction", "appointments.windowDays",
            "appointments.windowPastDays", "appointments.creation", "appointments.conflictRule", "tasks.direction",
            "tasks.windowDays", "tasks.creation", "tasks.conflictRule");

    /** What the organisation layer stores, else the built-in default of the type. */
    static AgendaSyncForm stored(Map<String, String> stored) {
        var values = new HashMap<String, String>();
        for (String input : INPUTS) {
            String type = input.substring(0, input.indexOf('.'));
            SyncPolicy d = SyncPolicy.defaults(DataType.valueOf(type.toUpperCase(java.util.Locale.ROOT)));
            String setting = input.substring(input.indexOf('.') + 1);
            values.put(input, stored.getOrDefault(input, switch (setting) {
                case "direction" -> d.direction().name();
                case "windowDays" -> Integer.toString(d.windowDays());
                case "windowPastDays" -> Integer.toString(d.windowPastDays());
                case "creation" -> d.creation().name();
                default -> d.conflictRule().name();
            }));
        }
        return new AgendaSyncForm(values);
    }

    /** The posted inputs, blank ones left out (they fall back to the default). */
    static AgendaSyncForm posted(Map<String, String> params) {
        var values = new LinkedHashMap<String, String>();
        INPUTS.forEach(input -> {
            String value = Checks.clean(params.get(input));
            if (value != null) values.put(input, value);
        });
        return new AgendaSyncForm(values);
    }

    public String get(String input) {
        return values.get(input);
    }

    boolean turnedOn(String type) {
        String direction = values.get(type + ".direction");
        return direction != null && !direction.equals(SyncPolicy.Direction.OFF.name());
    }
}
