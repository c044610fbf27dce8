package org.koppel.crm.csv;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.koppel.crm.relation.RelationKind;

/**
 * A relation field a CSV column can be imported into, with the column headings (English, Dutch,
 * Italian, compared without case, accents, spaces or punctuation) it is guessed from.
 */
public enum ImportField {
    NAME(Set.of("name", "naam", "nomecompleto", "fullname", "volledigenaam", "contact", "contactpersoon"), "name"),
    ORGANISATION(Set.of("organisation", "organization", "organisatie", "bedrijf", "bedrijfsnaam", "company",
            "companyname", "azienda", "ragionesociale", "societa", "ditta", "firma", "denominazione"), "organisation"),
    FIRST_NAME(Set.of("firstname", "givenname", "voornaam", "roepnaam", "nome"), "firstName"),
    INFIX(Set.of("infix", "tussenvoegsel", "tussenvoegsels", "prefix"), "infix"),
    LAST_NAME(Set.of("lastname", "surname", "familyname", "achternaam", "cognome"), "lastName"),
    INITIALS(Set.of("initials", "voorletters", "iniziali"), "initials"),
    EMAIL(Set.of("email", "emailaddress", "emailadres", "mail", "posta", "postaelettronica", "indirizzoemail"), "email"),
    PHONE(Set.of("phone", "telephone", "tel", "telefoon", "telefoonnummer", "telefono", "numeroditelefono"), "phone"),
    MOBILE(Set.of("mobile", "mobilephone", "mobiel", "mobielnummer", "gsm", "cellulare", "cell", "cellphone"), "mobile"),
    WEBSITE(Set.of("website", "web", "url", "sitoweb", "sito", "internet"), "website"),
    COC_NUMBER(Set.of("kvk", "kvknummer", "cocnumber", "chamberofcommerce", "kamervankoophandel", "partitaiva", "piva"),
            "cocNumber"),
    JOB_TITLE(Set.of("jobtitle", "function", "functie", "title", "titel", "ruolo", "qualifica", "mansione"), "jobTitle"),
    STREET(Set.of("street", "address", "straat", "adres", "via", "indirizzo"), "street"),
    HOUSE_NUMBER(Set.of("housenumber", "huisnummer", "number", "nr", "numerocivico", "civico"), "houseNumber"),
    POSTAL_CODE(Set.of("postalcode", "postcode", "zip", "zipcode", "cap"), "postalCode"),
    CITY(Set.of("city", "town", "plaats", "woonplaats", "stad", "citta", "comune", "localita"), "city"),
    COUNTRY(Set.of("country", "land", "paese", "nazione"), "country"),
    COMMENT(Set.of("comment", "comments", "notes", "note", "opmerking", "opmerkingen", "notities", "commento", "notizie"),
            "comment");

    private final Set<String> headings;
    private final String param;

    ImportField(Set<String> headings, String param) {
        this.headings = headings;
        this.param = param;
    }

    /** How the field is named in a mapping: {@code firstName}, {@code email}. */
    public String param() {
        return param;
    }

    public static Optional<ImportField> parse(String param) {
        for (ImportField f : values()) {
            if (f.param.equalsIgnoreCase(param == null ? "" : param.strip())) return Optional.of(f);
        }
        return Optional.empty();
    }

    /** The fields a relation of this kind takes from a CSV file. */
    public static List<ImportField> of(RelationKind kind) {
        return switch (kind) {
            case ORGANISATION -> List.of(ORGANISATION, EMAIL, PHONE, WEBSITE, COC_NUMBER, STREET, HOUSE_NUMBER,
                    POSTAL_CODE, CITY, COUNTRY, COMMENT);
            case PERSON -> List.of(NAME, FIRST_NAME, INFIX, LAST_NAME, INITIALS, EMAIL, PHONE, MOBILE, STREET,
                    HOUSE_NUMBER, POSTAL_CODE, CITY, COUNTRY, COMMENT);
            case LEAD -> List.of(NAME, ORGANISATION, FIRST_NAME, INFIX, LAST_NAME, EMAIL, PHONE, MOBILE, JOB_TITLE,
                    STREET, HOUSE_NUMBER, POSTAL_CODE, CITY, COUNTRY, COMMENT);
        };
    }

    /**
     * The field a column heading most likely means for this kind, if any. For an organisation its
     * "name" (naam, nome) is the organisation's name.
     */
    public static Optional<ImportField> guess(String heading, RelationKind kind) {
        String key = key(heading);
        for (ImportField f : values()) {
            if (!f.headings.contains(key)) continue;
            if (kind == RelationKind.ORGANISATION && (f == NAME || f == FIRST_NAME)) return Optional.of(ORGANISATION);
            if (of(kind).contains(f)) return Optional.of(f);
        }
        return Optional.empty();
    }

    static String key(String heading) {
        if (heading == null) return "";
        return Normalizer.normalize(heading, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
