package org.koppel.crm.employee;

import static org.koppel.crm.Checks.clean;

import java.time.ZoneId;
import java.util.Locale;

import org.koppel.crm.Checks;
import org.koppel.store.EmployeeStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and sets an employee's {@link Preferences}. They are the employee's own view of the UI, not
 * data of the employee record: setting them neither raises the record's version nor goes into the
 * change log or to any peer.
 */
@Service
public class EmployeePreferences {

    private final EmployeeStore store;

    public EmployeePreferences(EmployeeStore store) {
        this.store = store;
    }

    public Preferences of(long employeeId) {
        return store.preferences(employeeId).orElse(Preferences.none());
    }

    /** Stores both choices as given ({@code null} clears one); an unknown language or zone is refused, naming it. */
    @Transactional
    public Preferences set(long employeeId, Preferences wanted) {
        String language = clean(wanted.language());
        String zone = clean(wanted.timeZone());
        var checks = new Checks();
        if (language != null) {
            language = language.toLowerCase(Locale.ROOT);
            if (!Preferences.LANGUAGES.contains(language)) {
                checks.problem("language", "must be one of " + String.join(", ", Preferences.LANGUAGES));
            }
        }
        if (zone != null && !knownZone(zone)) {
            checks.problem("timeZone", "must be a time zone such as Europe/Amsterdam (an IANA time zone id)");
        }
        checks.throwIfAny();
        var chosen = new Preferences(language, zone);
        store.setPreferences(employeeId, chosen);
        return chosen;
    }

    /** Region ids only ("Europe/Rome"): offsets such as "+01:00" ignore summer time, which is never what is meant. */
    public static boolean knownZone(String id) {
        return id != null && ZoneId.getAvailableZoneIds().contains(id);
    }
}
