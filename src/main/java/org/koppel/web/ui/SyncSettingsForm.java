package org.koppel.web.ui;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koppel.crm.Checks;
import org.koppel.crm.FieldProblem;
import org.koppel.sync.SyncPolicy;

/**
 * The contact settings of one layer as a form. On the organisation layer every setting has a value
 * (Koppel's built-in default until an admin saves another). On an employee's layer blank means
 * "as the organisation has it", and the scope only counts when {@code ownScope} is ticked, since
 * no boxes ticked is a scope too (nothing synced). The mass-change share is typed in per cent.
 */
public record SyncSettingsForm(String direction, String ownScope, List<String> scope, String scopeMainGroup,
                               String creation, String removeFromPeerWhenOutOfScope, String conflictRule,
                               String massChangeShare, String massChangeMinimum) {

    static final String PREFIX = "contacts.";
    static final Set<String> INPUTS = Set.of("direction", "scope", "scopeMainGroup", "creation",
            "removeFromPeerWhenOutOfScope", "conflictRule", "massChangeShare", "massChangeMinimum");

    /** The organisation's settings: what is stored, else the built-in default. */
    static SyncSettingsForm organisation(Map<String, String> stored) {
        SyncPolicy d = SyncPolicy.defaults();
        return new SyncSettingsForm(
                stored.getOrDefault(PREFIX + "direction", d.direction().name()),
                "true",
                stored.containsKey(PREFIX + "scope") ? split(stored.get(PREFIX + "scope"))
                        : d.scope().stream().map(Enum::name).sorted().toList(),
                stored.getOrDefault(PREFIX + "scopeMainGroup", d.scopeMainGroup()),
                stored.getOrDefault(PREFIX + "creation", d.creation().name()),
                stored.getOrDefault(PREFIX + "removeFromPeerWhenOutOfScope", Boolean.toString(d.removeFromPeerWhenOutOfScope())),
                stored.getOrDefault(PREFIX + "conflictRule", d.conflictRule().name()),
                percent(stored.getOrDefault(PREFIX + "massChangeShare", Double.toString(d.massChangeShare()))),
                stored.getOrDefault(PREFIX + "massChangeMinimum", Integer.toString(d.massChangeMinimum())));
    }

    /** An employee's own settings: only what is stored for the employee; the rest stays blank. */
    static SyncSettingsForm employee(Map<String, String> stored) {
        boolean ownScope = stored.containsKey(PREFIX + "scope");
        return new SyncSettingsForm(stored.get(PREFIX + "direction"), Boolean.toString(ownScope),
                ownScope ? split(stored.get(PREFIX + "scope")) : List.of(), stored.get(PREFIX + "scopeMainGroup"),
                stored.get(PREFIX + "creation"), stored.get(PREFIX + "removeFromPeerWhenOutOfScope"),
                stored.get(PREFIX + "conflictRule"),
                stored.containsKey(PREFIX + "massChangeShare") ? percent(stored.get(PREFIX + "massChangeShare")) : null,
                stored.get(PREFIX + "massChangeMinimum"));
    }

    /** The layer's contact settings as SyncSettings stores them. */
    Map<String, String> toSettings(boolean organisation) {
        var settings = new LinkedHashMap<String, String>();
        put(settings, "direction", direction);
        if (organisation || "true".equals(ownScope)) {
            put(settings, "scope", String.join(",", scope == null ? List.of() : scope));
        }
        put(settings, "scopeMainGroup", scopeMainGroup);
        put(settings, "creation", creation);
        // an unticked box sends nothing: on the organisation layer that is "no"
        put(settings, "removeFromPeerWhenOutOfScope", organisation && Checks.clean(removeFromPeerWhenOutOfScope) == null
                ? "false" : removeFromPeerWhenOutOfScope);
        put(settings, "conflictRule", conflictRule);
        String share = Checks.clean(massChangeShare);
        if (share != null) settings.put(PREFIX + "massChangeShare", fraction(share));
        put(settings, "massChangeMinimum", massChangeMinimum);
        return settings;
    }

    public boolean scoped(String rule) {
        return scope != null && scope.contains(rule);
    }

    /** SyncSettings names {@code contacts.massChangeShare}; the input is {@code massChangeShare}, in per cent. */
    static FormProblems problems(List<FieldProblem> problems) {
        return FormProblems.of(problems.stream().map(p -> {
            String input = p.field().startsWith(PREFIX) ? p.field().substring(PREFIX.length()) : p.field();
            String reason = input.equals("massChangeShare") && p.reason().startsWith("must be above 0")
                    ? "must be above 0 and at most 100 per cent" : p.reason();
            return new FieldProblem(input, reason);
        }).toList(), INPUTS);
    }

    private static void put(Map<String, String> settings, String name, String value) {
        if (name.equals("scope")) {
            settings.put(PREFIX + name, value);
            return;
        }
        String clean = Checks.clean(value);
        if (clean != null) settings.put(PREFIX + name, clean);
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** "0.2" stored is "20" shown. */
    static String percent(String fraction) {
        try {
            return new BigDecimal(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return fraction;
        }
    }

    /** "20", "20 %" or "12,5" typed is "0.2" or "0.125" stored; anything else goes on as typed, for SyncSettings to refuse. */
    static String fraction(String percent) {
        String number = percent.replace("%", "").replace(',', '.').strip();
        try {
            return new BigDecimal(number).movePointLeft(2).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return percent;
        }
    }
}
