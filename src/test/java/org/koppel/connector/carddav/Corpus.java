package org.koppel.connector.carddav;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real-world-style cards in src/test/resources/vcards, decoded as a connector would. */
final class Corpus {

    private Corpus() {
    }

    static String card(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/vcards/" + name)) {
            if (in == null) throw new IllegalArgumentException("no corpus card " + name);
            return VCardText.decode(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
