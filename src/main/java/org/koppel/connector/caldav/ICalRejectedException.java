package org.koppel.connector.caldav;

/** A calendar object Koppel cannot read (not iCalendar, or without the component its collection holds). */
public class ICalRejectedException extends org.koppel.connector.dav.UnreadableMemberException {

    public ICalRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
