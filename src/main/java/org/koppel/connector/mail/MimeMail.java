package org.koppel.connector.mail;

/** Reads a mail's RFC 5322 bytes into what the CRM logs. (Placeholder: the MIME helper replaces this file.) */
public final class MimeMail {

    private MimeMail() {
    }

    /**
     * @throws org.koppel.connector.PeerException.ItemRejected when the bytes are not a mail at all
     */
    public static ParsedMail parse(byte[] raw, MailReading reading) {
        throw new UnsupportedOperationException("not written yet");
    }
}
