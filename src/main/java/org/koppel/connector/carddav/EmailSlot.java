package org.koppel.connector.carddav;

import ezvcard.VCardVersion;
import ezvcard.property.Email;

/**
 * email.work and email.home. An e-mail without a purpose (Outlook's, Google's "other") fills
 * email.home when the card has no home e-mail, never email.work: see docs/vcard.md.
 */
final class EmailSlot extends FirstOfKindSlot<Email> {

    EmailSlot(String slot, ValueKind kind, ValueKind... fallbacks) {
        super(slot, kind, fallbacks);
    }

    @Override
    Class<Email> type() {
        return Email.class;
    }

    @Override
    String valueOf(Email email) {
        return email.getValue();
    }

    @Override
    void setValue(Email email, String value) {
        email.setValue(value);
    }

    @Override
    Email create(String value, ValueKind kind, VCardVersion version) {
        Email email = new Email(value);
        // Apple and Google write INTERNET on every 3.0 e-mail; some older clients expect it.
        if (version != VCardVersion.V4_0) email.getParameters().addType(typeName("internet", version));
        email.getParameters().addType(typeName(kind.name(), version));
        return email;
    }
}
