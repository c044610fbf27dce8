package org.koppel.runtime;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.crm.Limits;
import org.koppel.crm.NotFoundException;
import org.koppel.crm.employee.UserGroups;
import org.koppel.store.EmployeeStore;
import org.koppel.store.SyncConfigStore;
import org.koppel.sync.DataType;
import org.koppel.sync.SyncPolicy;
import org.koppel.sync.SyncPolicy.ConflictRule;
import org.koppel.sync.SyncPolicy.Creation;
import org.koppel.sync.SyncPolicy.Direction;
import org.koppel.sync.SyncPolicy.ScopeRule;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sync settings in three layers (DESIGN.md rule 9): organisation defaults, overridden per user
 * group, overridden per employee. Names are {@code <dataType>.<setting>}, e.g. {@code contacts.scope}.
 */
@Service
public class SyncSettings {

    public static final Set<String> NAMES = Set.of("direction", "scope", "scopeMainGroup", "creation",
            "removeFromPeerWhenOutOfScope", "conflictRule", "massChangeShare", "massChangeMinimum", "windowDays",
            "windowPastDays");

    /**
     * The e-mail settings ({@code email.<name>}); e-mail has a direction too, but none of the item
     * settings above, as mail is logged, not synced.
     */
    public static final Set<String> MAIL_NAMES = Set.of("direction", "mark", "processedMark", "notFoundMark", "perRun",
            "notOlderThan", "log", "ambiguous", "attachments", "attachmentMaxMb", "remoteImages");

    /**
     * Contacts only: whether addresses edited in iCloud come into the CRM ({@code true}/{@code false},
     * default false). The cloud-contacts document: iCloud's addresses do not reach the CRM, the CRM's
     * do reach iCloud; an admin who finds iCloud's addresses good enough may let them in.
     */
    public static final String ADDRESSES_FROM_ICLOUD = "contacts.addressesFromICloud";

    /**
     * Contacts only: which organisations and leads become cards in an employee's address book.
     * {@code SYNC_FLAG} (default): only those the employee flagged (the cloud-contacts document's flag
     * works on every kind), so switching Koppel on does not fill phones with companies; {@code SCOPE}:
     * every one the scope rules hold, as persons.
     */
    public static final String ORGANISATIONS_AND_LEADS = "contacts.organisationsAndLeads";

    /** A run reads each mail whole; more than this per run would only make one run take very long. */
    static final int MAX_MAILS_PER_RUN = 5000;

    /** Larger attachments than this are never kept in the database (a mail of 150 MB is rare and no CRM's business). */
    static final int MAX_ATTACHMENT_MB = 100;

    /** Ten years: a longer window would only load more history on every full listing. */
    static final int MAX_WINDOW_DAYS = 3660;

    /** The length of {@code sync_setting.setting_value}. */
    static final int MAX_VALUE = 1000;

    private final SyncConfigStore store;
    private final UserGroups userGroups;
    private final EmployeeStore employees;

    public SyncSettings(SyncConfigStore store, UserGroups userGroups, EmployeeStore employees) {
        this.store = store;
        this.userGroups = userGroups;
        this.employees = employees;
    }

    public SyncPolicy policyFor(long employeeId, DataType type) {
        return policyFor(employeeId, type, Map.of());
    }

    /**
     * The policy of one connection: its owner's layered settings, then the connection's own
     * {@code <dataType>.<setting>} entries (a connection may have its own conflict rule, say).
     */
    public SyncPolicy policyFor(long employeeId, DataType type, Map<String, String> connectionSettings) {
        Map<String, String> all = new java.util.HashMap<>(store.settingsFor(employeeId));
        String own = type.name().toLowerCase(Locale.ROOT) + ".";
        connectionSettings.forEach((name, value) -> {
            if (name.startsWith(own) && NAMES.contains(name.substring(own.length()))) all.put(name, value);
        });
        String prefix = type.name().toLowerCase(Locale.ROOT) + ".";
        SyncPolicy d = SyncPolicy.defaults(type);
        return new SyncPolicy(
                Direction.valueOf(all.getOrDefault(prefix + "direction", d.direction().name())),
                all.containsKey(prefix + "scope") ? scope(all.get(prefix + "scope")) : d.scope(),
                all.getOrDefault(prefix + "scopeMainGroup", d.scopeMainGroup()),
                Creation.valueOf(all.getOrDefault(prefix + "creation", d.creation().name())),
                Boolean.parseBoolean(all.getOrDefault(prefix + "removeFromPeerWhenOutOfScope", "false")),
                ConflictRule.valueOf(all.getOrDefault(prefix + "conflictRule", d.conflictRule().name())),
                Double.parseDouble(all.getOrDefault(prefix + "massChangeShare", Double.toString(d.massChangeShare()))),
                Integer.parseInt(all.getOrDefault(prefix + "massChangeMinimum", Integer.toString(d.massChangeMinimum()))),
                Integer.parseInt(all.getOrDefault(prefix + "windowDays", Integer.toString(d.windowDays()))),
                Integer.parseInt(all.getOrDefault(prefix + "windowPastDays", Integer.toString(d.windowPastDays()))));
    }

    /**
     * Whether a contact peer's address edits come into the CRM: always, except from iCloud, where
     * {@link #ADDRESSES_FROM_ICLOUD} (layered, then the connection's own) must allow it.
     */
    public boolean addressesFromPeer(long employeeId, Map<String, String> connectionSettings, String provider) {
        if (!PeerFactory.ICLOUD.equals(provider)) return true;
        return Boolean.parseBoolean(contactSetting(employeeId, connectionSettings, ADDRESSES_FROM_ICLOUD));
    }

    /** Whether the scope rules bring organisations and leads into the address book, not only their sync flag ({@link #ORGANISATIONS_AND_LEADS}). */
    public boolean organisationsAndLeadsByScope(long employeeId, Map<String, String> connectionSettings) {
        return "SCOPE".equals(contactSetting(employeeId, connectionSettings, ORGANISATIONS_AND_LEADS));
    }

    /** A contacts setting outside the policy record: the connection's own, else the employee's layered one. */
    private String contactSetting(long employeeId, Map<String, String> connectionSettings, String name) {
        String own = connectionSettings.get(name);
        return own != null ? own : store.settingsFor(employeeId).get(name);
    }

    /** A mailbox's e-mail settings: its owner's layered settings, then the connection's own {@code email.*} entries. */
    public MailPolicy mailPolicyFor(long employeeId, Map<String, String> connectionSettings) {
        Map<String, String> all = new java.util.HashMap<>();
        store.settingsFor(employeeId).forEach((name, value) -> {
            if (name.startsWith("email.")) all.put(name.substring(6), value);
        });
        connectionSettings.forEach((name, value) -> {
            if (name.startsWith("email.") && MAIL_NAMES.contains(name.substring(6))) all.put(name.substring(6), value);
        });
        MailPolicy d = MailPolicy.defaults();
        var marks = new org.koppel.connector.mail.MailMarks(all.getOrDefault("mark", d.marks().mark()),
                all.getOrDefault("processedMark", d.marks().processed()), all.getOrDefault("notFoundMark", d.marks().notFound()));
        String log = all.getOrDefault("log", "BOTH");
        var logged = log.equals("BOTH") ? EnumSet.allOf(org.koppel.crm.mail.MailDirection.class)
                : EnumSet.of(org.koppel.crm.mail.MailDirection.valueOf(log));
        boolean attachments = Boolean.parseBoolean(all.getOrDefault("attachments", "true"));
        long limit = attachments ? Long.parseLong(all.getOrDefault("attachmentMaxMb", Long.toString(MailPolicy.DEFAULT_ATTACHMENT_MB))) * 1024 * 1024 : 0;
        return new MailPolicy(Direction.valueOf(all.getOrDefault("direction", d.direction().name())), marks,
                Math.clamp(Integer.parseInt(all.getOrDefault("perRun", Integer.toString(d.perRun()))), 1, MAX_MAILS_PER_RUN),
                all.containsKey("notOlderThan") ? java.time.LocalDate.parse(all.get("notOlderThan")) : null, logged,
                !all.getOrDefault("ambiguous", "ALL").equals("REPORT"), limit,
                Boolean.parseBoolean(all.getOrDefault("remoteImages", "false")));
    }

    public Map<String, String> get(String scope, long scopeId) {
        return store.settings(scope, scopeId);
    }

    /** The settings of one layer as the API asks: 400 for an unknown layer, 404 for a user group or employee that does not exist. */
    public Map<String, String> layer(String scope, long scopeId) {
        requireLayer(scope, scopeId);
        return store.settings(scope, scopeId);
    }

    /**
     * Replaces the settings of one layer after checking every name and value, all before anything
     * is written: an unknown layer is 400, a user group or employee that does not exist 404.
     */
    @Transactional
    public void replace(String scope, long scopeId, Map<String, String> settings) {
        requireLayer(scope, scopeId);
        var checks = new Checks();
        if (settings == null) {
            checks.problem("body", "must be an object of settings");
        } else if (checks.size("body", settings, Limits.SYNC_SETTINGS)) {
            settings.forEach((name, value) -> check(name, value, checks));
        }
        checks.throwIfAny();
        store.replaceSettings(scope, scopeId, settings);
    }

    private void requireLayer(String scope, long scopeId) {
        switch (scope) {
            case "ORGANISATION" -> {
                if (scopeId != 0) throw new NotFoundException("organisation layer", scopeId + " (the organisation's settings are ORGANISATION/0)");
            }
            case "USER_GROUP" -> userGroups.find(scopeId);
            case "EMPLOYEE" -> employees.find(scopeId).orElseThrow(() -> new NotFoundException("employee", scopeId));
            default -> throw new InvalidInputException("scope", "'" + Checks.abbreviated(scope)
                    + "' is not a settings layer (ORGANISATION, USER_GROUP or EMPLOYEE)");
        }
    }

    /**
     * Whether a connection's own setting is a sync setting ({@code contacts.conflictRule},
     * {@code email.perRun}, ...) and, if so, checks it as the layers' settings are checked, its
     * problems under {@code settings.<name>}: a value no run could read must be refused when it is
     * given, not fail every run after.
     */
    static void checkConnectionSetting(String name, String value, Checks checks) {
        String type = name.contains(".") ? name.substring(0, name.indexOf('.')) : "";
        if (Arrays.stream(DataType.values()).noneMatch(t -> t.name().toLowerCase(Locale.ROOT).equals(type))) return;
        var own = new Checks();
        check(name, value, own);
        own.problems().forEach(p -> checks.problem("settings." + p.field(), p.reason()));
    }

    private static void check(String name, String value, Checks checks) {
        String[] parts = name.split("\\.", 2);
        boolean knownType = Arrays.stream(DataType.values()).anyMatch(t -> t.name().toLowerCase(Locale.ROOT).equals(parts[0]));
        if (name.equals(ADDRESSES_FROM_ICLOUD)) {
            if (!"true".equals(value) && !"false".equals(value)) checks.problem(name, "must be true or false");
            return;
        }
        if (name.equals(ORGANISATIONS_AND_LEADS)) {
            if (!"SYNC_FLAG".equals(value) && !"SCOPE".equals(value)) checks.problem(name, "must be SYNC_FLAG or SCOPE");
            return;
        }
        if (parts.length == 2 && parts[0].equals("email")) {
            checkMail(name, parts[1], value, checks);
            return;
        }
        if (parts.length != 2 || !knownType || !NAMES.contains(parts[1])) {
            checks.problem(Checks.abbreviated(name), "is not a sync setting (use <dataType>.<setting>, data types: "
                    + Arrays.stream(DataType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList()
                    + ", settings: " + NAMES + ")");
            return;
        }
        if (value == null) {
            checks.problem(name, "is required (leave a setting out to inherit it)");
            return;
        }
        // The column's length: a longer value used to fail the insert, answered as a misleading 409.
        if (value.length() > MAX_VALUE) {
            checks.problem(name, "is " + value.length() + " characters long; at most " + MAX_VALUE + " are allowed");
            return;
        }
        try {
            switch (parts[1]) {
                case "direction" -> Direction.valueOf(value);
                case "scope" -> scope(value);
                case "creation" -> Creation.valueOf(value);
                case "conflictRule" -> ConflictRule.valueOf(value);
                case "massChangeShare" -> {
                    double share = Double.parseDouble(value);
                    if (share <= 0 || share > 1) checks.problem(name, "must be above 0 and at most 1");
                }
                case "massChangeMinimum" -> {
                    if (Integer.parseInt(value) < 0) checks.problem(name, "must be 0 or more");
                }
                case "windowDays", "windowPastDays" -> {
                    int days = Integer.parseInt(value);
                    if (days < 0 || days > MAX_WINDOW_DAYS) checks.problem(name, "must be between 0 and " + MAX_WINDOW_DAYS + " days");
                }
                case "removeFromPeerWhenOutOfScope" -> {
                    if (!value.equals("true") && !value.equals("false")) checks.problem(name, "must be true or false");
                }
                case "scopeMainGroup" -> checks.text(name, value, 100);
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            checks.problem(name, "'" + value + "' is not a valid value" + choices(parts[1]));
        }
    }

    private static void checkMail(String name, String setting, String value, Checks checks) {
        if (!MAIL_NAMES.contains(setting)) {
            checks.problem(Checks.abbreviated(name), "is not an e-mail setting (e-mail settings: " + new java.util.TreeSet<>(MAIL_NAMES) + ")");
            return;
        }
        if (value == null) {
            checks.problem(name, "is required (leave a setting out to inherit it)");
            return;
        }
        switch (setting) {
            case "direction" -> {
                if (!Set.of("OFF", "PEER_TO_CRM", "BOTH").contains(value)) {
                    checks.problem(name, "'" + Checks.abbreviated(value) + "' is not a direction for e-mail: mail is only "
                            + "logged from the mailbox into Koppel (OFF, or PEER_TO_CRM / BOTH to log it)");
                }
            }
            case "mark", "processedMark", "notFoundMark" -> {
                if (value.isBlank()) checks.problem(name, "must not be blank");
                else checks.text(name, value, 100);
            }
            case "perRun" -> number(name, value, 1, MAX_MAILS_PER_RUN, checks);
            case "attachmentMaxMb" -> number(name, value, 1, MAX_ATTACHMENT_MB, checks);
            case "notOlderThan" -> {
                try {
                    java.time.LocalDate.parse(value);
                } catch (java.time.format.DateTimeParseException e) {
                    checks.problem(name, "'" + Checks.abbreviated(value) + "' is not a date (write it as 2026-01-31)");
                }
            }
            case "log" -> oneOf(name, value, Set.of("BOTH", "INBOUND", "OUTBOUND"), checks);
            case "ambiguous" -> oneOf(name, value, Set.of("ALL", "REPORT"), checks);
            case "attachments", "remoteImages" -> oneOf(name, value, Set.of("true", "false"), checks);
            default -> { }
        }
    }

    private static void number(String name, String value, int min, int max, Checks checks) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) checks.problem(name, "must be between " + min + " and " + max);
        } catch (NumberFormatException e) {
            checks.problem(name, "'" + Checks.abbreviated(value) + "' is not a whole number");
        }
    }

    private static void oneOf(String name, String value, Set<String> allowed, Checks checks) {
        if (!allowed.contains(value)) {
            checks.problem(name, "'" + Checks.abbreviated(value) + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
    }

    private static String choices(String setting) {
        return switch (setting) {
            case "direction" -> " (one of " + Arrays.toString(Direction.values()) + ")";
            case "scope" -> " (a comma-separated list of " + Arrays.toString(ScopeRule.values()) + ")";
            case "creation" -> " (one of " + Arrays.toString(Creation.values()) + ")";
            case "conflictRule" -> " (one of " + Arrays.toString(ConflictRule.values()) + ")";
            default -> "";
        };
    }

    private static Set<ScopeRule> scope(String value) {
        if (value.isBlank()) return EnumSet.noneOf(ScopeRule.class);
        return Arrays.stream(value.split(",")).map(String::strip).map(ScopeRule::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ScopeRule.class)));
    }
}
