package org.koppel.crm.mail;

/**
 * What is known of one attachment of a logged mail; its content is fetched apart
 * ({@link MailLog#attachmentContent}).
 *
 * @param storedIn where its content is: DATABASE, FOLDER, or NONE when it was left out ({@code leftOut} says why)
 */
public record MailAttachmentInfo(int position, String fileName, String contentType, long size, String contentId,
                                 boolean inline, StoredIn storedIn, String leftOut) {

    public enum StoredIn { DATABASE, FOLDER, NONE }

    public boolean kept() {
        return storedIn != StoredIn.NONE;
    }
}
