package org.koppel.runtime;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.koppel.connector.mail.MailMarks;
import org.koppel.connector.mail.MailReading;
import org.koppel.crm.mail.MailDirection;
import org.koppel.sync.SyncPolicy.Direction;

/**
 * What a mailbox's marked mails get, from the {@code email.*} settings in the three layers.
 *
 * @param direction OFF, or on (PEER_TO_CRM or BOTH: mail only ever flows into the CRM)
 * @param perRun at most this many mails per run, oldest first (CRMcorner: 150)
 * @param notOlderThan mails received before this day are left alone (null: no limit)
 * @param logged inbound, outbound or both (webCRM: an arrow each)
 * @param underEveryMatch an address several relations share: log under all (true) or none, reported (false)
 * @param attachmentLimit attachments up to this many bytes are kept; 0 keeps none
 * @param remoteImages whether a logged mail's HTML may load images from the internet
 */
public record MailPolicy(Direction direction, MailMarks marks, int perRun, LocalDate notOlderThan,
                         Set<MailDirection> logged, boolean underEveryMatch, long attachmentLimit, boolean remoteImages) {

    public static final int DEFAULT_PER_RUN = 150;
    public static final long DEFAULT_ATTACHMENT_MB = 10;

    public static MailPolicy defaults() {
        return new MailPolicy(Direction.OFF, MailMarks.defaults(), DEFAULT_PER_RUN, null, EnumSet.allOf(MailDirection.class),
                true, DEFAULT_ATTACHMENT_MB * 1024 * 1024, false);
    }

    public boolean on() {
        return direction == Direction.BOTH || direction == Direction.PEER_TO_CRM;
    }

    public MailReading reading() {
        return new MailReading(attachmentLimit, remoteImages);
    }
}
