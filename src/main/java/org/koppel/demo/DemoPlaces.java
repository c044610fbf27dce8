package org.koppel.demo;

import java.util.List;

/** The cities demo relations are placed in, with each city's real postal-code range and area code. */
final class DemoPlaces {

    static final List<City> DUTCH = List.of(
            new DutchCity("Amsterdam", "Noord-Holland", "020", 1011, 1109),
            new DutchCity("Rotterdam", "Zuid-Holland", "010", 3011, 3089),
            new DutchCity("Den Haag", "Zuid-Holland", "070", 2491, 2597),
            new DutchCity("Utrecht", "Utrecht", "030", 3511, 3585),
            new DutchCity("Eindhoven", "Noord-Brabant", "040", 5611, 5658),
            new DutchCity("Groningen", "Groningen", "050", 9711, 9747),
            new DutchCity("Haarlem", "Noord-Holland", "023", 2011, 2037),
            new DutchCity("Leiden", "Zuid-Holland", "071", 2311, 2334),
            new DutchCity("Nijmegen", "Gelderland", "024", 6511, 6546),
            new DutchCity("Arnhem", "Gelderland", "026", 6811, 6846),
            new DutchCity("Zwolle", "Overijssel", "038", 8011, 8043),
            new DutchCity("Maastricht", "Limburg", "043", 6211, 6229),
            new DutchCity("Tilburg", "Noord-Brabant", "013", 5011, 5049),
            new DutchCity("Breda", "Noord-Brabant", "076", 4811, 4839),
            new DutchCity("Amersfoort", "Utrecht", "033", 3811, 3829),
            new DutchCity("Enschede", "Overijssel", "053", 7511, 7548));

    static final List<City> BRITISH = List.of(
            new BritishCity("London", "Greater London", "+44 20 7946 0",
                    List.of("EC1A", "EC2M", "WC2N", "SW1A", "SE1", "N1", "E2", "W1F")),
            new BritishCity("Manchester", "Greater Manchester", "+44 161 496 0", List.of("M1", "M2", "M3", "M4")),
            new BritishCity("Birmingham", "West Midlands", "+44 121 496 0", List.of("B1", "B2", "B3", "B4")),
            new BritishCity("Leeds", "West Yorkshire", "+44 113 496 0", List.of("LS1", "LS2", "LS6")),
            new BritishCity("Bristol", "Bristol", "+44 117 496 0", List.of("BS1", "BS2", "BS8")),
            new BritishCity("Liverpool", "Merseyside", "+44 151 496 0", List.of("L1", "L2", "L3")),
            new BritishCity("Newcastle upon Tyne", "Tyne and Wear", "+44 191 498 0", List.of("NE1", "NE2")),
            new BritishCity("Edinburgh", "Scotland", "+44 131 496 0", List.of("EH1", "EH2", "EH3")),
            new BritishCity("Glasgow", "Scotland", "+44 141 496 0", List.of("G1", "G2", "G3")),
            new BritishCity("Cardiff", "Wales", "+44 29 2018 0", List.of("CF10", "CF11")));

    private DemoPlaces() {
    }
}
