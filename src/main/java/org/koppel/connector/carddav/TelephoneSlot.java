package org.koppel.connector.carddav;

import ezvcard.VCardVersion;
import ezvcard.property.Telephone;

/**
 * tel.work, tel.home (voice numbers: a fax or pager never fills them) and tel.cell (TYPE=cell,
 * mobile or Apple's iphone, whether work or home). An untyped number fills tel.home when the
 * card has no home number: see docs/vcard.md.
 */
final class TelephoneSlot extends FirstOfKindSlot<Telephone> {

    TelephoneSlot(String slot, ValueKind kind, ValueKind... fallbacks) {
        super(slot, kind, fallbacks);
    }

    @Override
    Class<Telephone> type() {
        return Telephone.class;
    }

    /** 4.0 cards may hold a tel: URI; the slot is its number. */
    @Override
    String valueOf(Telephone telephone) {
        if (telephone.getText() != null) return telephone.getText();
        return telephone.getUri() == null ? null : telephone.getUri().getNumber();
    }

    /**
     * Always as text, also where the card had a tel: URI: a URI would have to reformat the number
     * ("+31-20-…"), and the slot read back must be exactly the value written, or the next run
     * would see a peer change that nobody made.
     */
    @Override
    void setValue(Telephone telephone, String value) {
        telephone.setUri(null);
        telephone.setText(value);
    }

    @Override
    Telephone create(String value, ValueKind kind, VCardVersion version) {
        Telephone telephone = new Telephone(value);
        telephone.getParameters().addType(typeName(kind.name(), version));
        telephone.getParameters().addType(typeName("voice", version));
        return telephone;
    }
}
