package org.koppel.connector.carddav;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.property.Address;
import org.koppel.connector.CountryNames;
import org.koppel.sync.ContactSlots;

/**
 * One typed address ({@code adr.work}, {@code adr.home}, {@code adr.other}): the first ADR of its
 * kind, read from its TYPE or Apple's label as e-mails and numbers are ({@link ValueKind}). The
 * street slot is ADR's street component (lines joined by a line break); the country slot is the ISO
 * code of ADR's country name ({@link CountryNames}). Writing changes only the parts whose value
 * changed, so a country the phone wrote in its own language ("Nederland") stays as written while
 * it means the same country; the PO box and extended address components, the LABEL and GEO
 * parameters and the peer's other addresses are kept. A cleared address is removed.
 */
final class AddressSlots implements SlotMapper {

    private final String type;
    private final ValueKind kind;
    private final List<ValueKind> readOrder;

    /** @param fallbacks kinds read when the card has no address of {@code kind} */
    AddressSlots(String type, ValueKind kind, ValueKind... fallbacks) {
        this.type = type;
        this.kind = kind;
        this.readOrder = Stream.concat(Stream.of(kind), Stream.of(fallbacks)).toList();
    }

    @Override
    public List<String> slots() {
        return ContactSlots.ADR_PARTS.stream().map(part -> ContactSlots.address(type, part)).toList();
    }

    @Override
    public void read(VCard card, Map<String, String> slots) {
        find(card).ifPresent(adr -> {
            put(slots, ContactSlots.STREET, street(adr));
            put(slots, ContactSlots.POSTAL_CODE, adr.getPostalCode());
            put(slots, ContactSlots.CITY, adr.getLocality());
            put(slots, ContactSlots.REGION, adr.getRegion());
            put(slots, ContactSlots.COUNTRY, CountryNames.code(adr.getCountry()));
        });
    }

    @Override
    public void write(VCard card, Map<String, String> current, Map<String, String> wanted) {
        Optional<Address> found = find(card);
        boolean cleared = ContactSlots.ADR_PARTS.stream().allMatch(part -> wanted.get(slot(part)) == null);
        if (cleared) {
            found.ifPresent(adr -> FirstOfKindSlot.remove(card, adr));
            return;
        }
        Address adr = found.orElseGet(() -> create(card));
        if (changed(ContactSlots.STREET, current, wanted)) adr.setStreetAddress(wanted.get(slot(ContactSlots.STREET)));
        if (changed(ContactSlots.POSTAL_CODE, current, wanted)) adr.setPostalCode(wanted.get(slot(ContactSlots.POSTAL_CODE)));
        if (changed(ContactSlots.CITY, current, wanted)) adr.setLocality(wanted.get(slot(ContactSlots.CITY)));
        if (changed(ContactSlots.REGION, current, wanted)) adr.setRegion(wanted.get(slot(ContactSlots.REGION)));
        if (changed(ContactSlots.COUNTRY, current, wanted)) adr.setCountry(CountryNames.name(wanted.get(slot(ContactSlots.COUNTRY))));
    }

    private Address create(VCard card) {
        Address adr = new Address();
        VCardVersion version = VCardText.targetVersion(card);
        adr.getParameters().addType(FirstOfKindSlot.typeName(kind == ValueKind.OTHER ? "other" : kind.name(), version));
        card.addAddress(adr);
        return adr;
    }

    /** The street lines as one text; several street components (a 3.0 list) each on a line. */
    private static String street(Address adr) {
        List<String> lines = new ArrayList<>();
        for (String line : adr.getStreetAddresses()) {
            if (line != null && !line.isBlank()) lines.add(line.strip());
        }
        return lines.isEmpty() ? null : ContactSlots.lines(String.join("\n", lines));
    }

    private Optional<Address> find(VCard card) {
        List<Address> addresses = card.getAddresses().stream().filter(AddressSlots::hasContent).toList();
        for (ValueKind wantedKind : readOrder) {
            Optional<Address> first = addresses.stream()
                    .filter(adr -> ValueKind.of(adr, card) == wantedKind)
                    .min(Comparator.comparingInt(ValueKind::preference));
            if (first.isPresent()) return first;
        }
        return Optional.empty();
    }

    private static boolean hasContent(Address adr) {
        return Stream.of(street(adr), adr.getPostalCode(), adr.getLocality(), adr.getRegion(), adr.getCountry())
                .anyMatch(v -> v != null && !v.isBlank());
    }

    private String slot(String part) {
        return ContactSlots.address(type, part);
    }

    private boolean changed(String part, Map<String, String> current, Map<String, String> wanted) {
        return !Objects.equals(current.get(slot(part)), wanted.get(slot(part)));
    }

    private void put(Map<String, String> slots, String part, String value) {
        if (value != null && !value.isBlank()) slots.put(slot(part), value.strip());
    }
}
