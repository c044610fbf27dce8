package org.koppel.crm.mail;

import java.util.List;

/** What became of a mail handed to {@link MailLog#log}. */
public sealed interface LogOutcome {

    /**
     * Logged now, under these relations (their names, for the run report); {@code note}, when not null,
     * says what was left out (an address several relations share, by the settings).
     */
    record Logged(long mailId, MailDirection direction, List<String> under, String note) implements LogOutcome {
    }

    /** Logged before (marked in another mailbox, or a run repeated); {@code added} relations it gained now. */
    record AlreadyLogged(long mailId, List<String> added) implements LogOutcome {
    }

    /** Not logged, with the reason a person reads in the run report. */
    record NotLogged(String reason) implements LogOutcome {
    }
}
