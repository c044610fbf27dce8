package org.koppel.web.ui;

import java.util.List;

import org.koppel.crm.mail.MailLog;
import org.springframework.stereotype.Component;

/** Pages of a relation's mail timeline, newest first, for its page and the htmx "more" button. */
@Component
class MailTimeline {

    /** Mails per page. */
    static final int PAGE = 10;

    private final MailLog mails;
    private final Dates dates;
    private final AgendaTexts texts;

    MailTimeline(MailLog mails, Dates dates, AgendaTexts texts) {
        this.mails = mails;
        this.dates = dates;
        this.texts = texts;
    }

    /** @param nextOffset where the next page starts, or null when this is the last */
    record Page(long relationId, List<MailRow> rows, int total, Integer nextOffset) {
    }

    Page from(long relationId, int offset) {
        int total = mails.countUnder(relationId);
        List<MailRow> rows = offset >= total ? List.of()
                : mails.loggedUnder(relationId, PAGE, offset).stream().map(m -> MailRow.of(m, dates, texts)).toList();
        int next = offset + rows.size();
        return new Page(relationId, rows, total, next < total && !rows.isEmpty() ? next : null);
    }
}
