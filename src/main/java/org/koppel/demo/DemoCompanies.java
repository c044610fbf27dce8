package org.koppel.demo;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/** Company names and job titles for demo organisations, their contact persons and leads. */
final class DemoCompanies {

    static final List<String> DUTCH = List.of("Bakkerij De Vries B.V.", "Van der Meer Installatietechniek B.V.",
            "Jansen & Zonen Transport B.V.", "Houthandel Bosman", "Adviesbureau Smit", "De Groene Weide Hoveniers",
            "Drukkerij Het Anker B.V.", "Visser Accountants", "Bouwbedrijf Mulder B.V.", "Tandartspraktijk Zuid",
            "Notariskantoor Van Dam", "Advocatenkantoor Hendriks & Kok", "Autobedrijf Kok B.V.", "De Koffiebrander",
            "Fietsenmakerij Brouwer", "Zorggroep Het Baken", "Kaashandel Van den Bosch", "Schildersbedrijf Dekker",
            "Reisbureau Zonnig B.V.", "Elektro Willems B.V.", "Technisch Bureau Ter Horst", "Makelaardij Meijer",
            "Bloemenkwekerij In 't Veld", "Loonbedrijf Peters", "Dierenkliniek De Hoef", "Rijschool Vos",
            "Stichting Buurtwerk Oost", "Verhuurbedrijf Bos B.V.", "Installatiebedrijf Van Leeuwen",
            "Software Studio Noord B.V.", "Hotel De Gouden Leeuw", "Brouwerij Het Kasteel", "Kantoorinrichting Verhoeven",
            "Groothandel Ten Brink B.V.");

    static final List<String> ENGLISH = List.of("Thornbury Engineering Ltd", "Harbour Lane Consulting",
            "Riverside Print Works Ltd", "Oakwood Estates", "Kestrel Logistics Ltd", "Bluebell Catering",
            "Northgate Legal LLP", "Greenfield Architects", "Ashford & Clarke Accountants", "Wexley Software Ltd",
            "Maple Court Dental Practice", "Brightwater Travel", "Hollis Brothers Builders", "Copperleaf Design Studio",
            "Seaview Hotel", "Redbrick Recruitment Ltd", "Fairway Insurance Brokers", "Millstone Bakery",
            "Sterling Facilities Management", "Whitmore & Hale Solicitors", "Lakeside Veterinary Clinic",
            "Pembroke Wealth Partners", "Ironbridge Metalworks Ltd", "Foxglove Gardens");

    static final List<String> DUTCH_JOB_TITLES = List.of("Directeur", "Eigenaar", "Office manager", "Inkoper",
            "Accountmanager", "Financieel directeur", "Projectleider", "Management-assistent", "HR-adviseur",
            "Bedrijfsleider", "Hoofd verkoop", "Planner");

    static final List<String> ENGLISH_JOB_TITLES = List.of("Managing Director", "Owner", "Office Manager", "Buyer",
            "Account Manager", "Finance Director", "Project Manager", "Personal Assistant", "HR Adviser",
            "Operations Manager", "Head of Sales", "Planner");

    private static final String LEGAL_FORMS = "\\b(B\\.V\\.|Ltd|LLP)$";

    private DemoCompanies() {
    }

    /**
     * The company's mail domain. Demo domains end in {@code .example} (reserved by RFC 2606): a
     * demo instance connected to a real mailbox or address book must never point at a real firm.
     */
    static String domain(String companyName) {
        return slug(companyName.replaceAll(LEGAL_FORMS, ""), "-") + ".example";
    }

    /** Lower-case ASCII letters and digits, words joined by {@code separator}. */
    static String slug(String text, String separator) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", separator)
                .replaceAll("^" + separator + "|" + separator + "$", "");
    }
}
