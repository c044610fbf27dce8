package org.koppel.connector.carddav;

/** Minimal vCards for protocol tests; the mapping has its own corpus of real-world cards. */
final class Cards {

    private Cards() {
    }

    static String vcard(String uid, String fullName) {
        return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + fullName + "\r\nN:;" + fullName
                + ";;;\r\nEND:VCARD\r\n";
    }
}
