package org.koppel.connector.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.koppel.connector.ItemPeer;
import org.koppel.connector.PeerException;
import org.koppel.crm.Checks;
import org.koppel.crm.InvalidInputException;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.security.OutboundPolicy;
import org.koppel.security.OutboundRefusedException;
import org.koppel.security.PlainHttp;
import org.koppel.sync.DataType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Connections of type {@code source}: a firm's practice-management (dossier) system that owns its
 * relations (docs/source-system.md). Settings: {@code url} (the source's API base, https; plain http
 * only to loopback where the outbound policy allows it) and {@code office} (the office number, digits);
 * the secret is the API key. Only relations are synced.
 */
@Component
public class SourcePeers implements PeerFactory {

    public static final String TYPE = "source";
    public static final String URL = "url";
    public static final String OFFICE = "office";
    /** What setup says when the source answers 401; it does not tell which of the two was wrong. */
    static final String REFUSED = "the source refused the office number or API key";

    private final ObjectMapper json;
    private final OutboundPolicy outbound;
    private final Clock clock;

    public SourcePeers(ObjectMapper json, OutboundPolicy outbound) {
        this(json, outbound, Clock.systemUTC());
    }

    @Autowired
    public SourcePeers(ObjectMapper json, OutboundPolicy outbound, Clock clock) {
        this.json = json;
        this.outbound = outbound;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<DataType> dataTypes(Connection connection) {
        return EnumSet.of(DataType.RELATIONS);
    }

    @Override
    public ItemPeer open(Connection connection, String secret, DataType type) {
        if (type != DataType.RELATIONS) {
            throw new PeerException.Configuration("a source-system connection syncs relations only, not " + type, null);
        }
        return new SourcePeer(client(connection.settings(), secret), json, selection(connection.settings()));
    }

    /**
     * The relation types a connection syncs, as a short fingerprint of its mapping settings
     * ({@code relationType.<id>} with a value): kept in the cursor, so a mapping changed by the admin
     * makes the next run list everything and import the relations of a newly mapped type.
     */
    static String selection(Map<String, String> settings) {
        String mapped = settings.entrySet().stream()
                .filter(e -> e.getKey().startsWith("relationType.") && e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + e.getValue().strip()).sorted().collect(java.util.stream.Collectors.joining("\n"));
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(mapped.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Checks the settings and signs in ({@link #relationTypes}); the settings are returned as given, trimmed. */
    @Override
    public Map<String, String> setUp(Map<String, String> settings, String secret) {
        relationTypes(settings, secret);
        var completed = new HashMap<>(settings);
        completed.put(URL, settings.get(URL).strip());
        completed.put(OFFICE, settings.get(OFFICE).strip());
        return completed;
    }

    /**
     * The source's own relation types, for the admin to map to Koppel's when activating the connection.
     * Signs in with the given settings and key first.
     *
     * @throws InvalidInputException a problem per field: {@code settings.url}, {@code settings.office},
     *                               {@code secret}
     */
    public List<SourceRelationType> relationTypes(Map<String, String> settings, String secret) {
        check(settings, secret);
        try (SourceClient client = client(settings, secret)) {
            return client.relationTypes();
        } catch (PeerException.AuthExpired e) {
            throw new InvalidInputException("secret", REFUSED);
        } catch (PeerException e) {
            throw new InvalidInputException("settings." + URL, "no source system answered there: " + e.getMessage());
        }
    }

    private SourceClient client(Map<String, String> settings, String secret) {
        String url = Checks.clean(settings.get(URL));
        String office = Checks.clean(settings.get(OFFICE));
        if (url == null || office == null) {
            throw new PeerException.Configuration("the connection has no source-system URL or office number; set it up again", null);
        }
        return new SourceClient(URI.create(url), office, secret, outbound, json, clock);
    }

    private void check(Map<String, String> settings, String secret) {
        var checks = new Checks();
        String url = Checks.clean(settings.get(URL));
        String office = Checks.clean(settings.get(OFFICE));
        checks.required("settings." + URL, url).required("settings." + OFFICE, office).required("secret", Checks.clean(secret));
        if (office != null && !office.chars().allMatch(c -> c >= '0' && c <= '9')) {
            checks.problem("settings." + OFFICE, "is the source's office number: digits only");
        }
        if (url != null) {
            String problem = urlProblem(url);
            if (problem != null) checks.problem("settings." + URL, problem);
        }
        checks.throwIfAny();
    }

    /**
     * Why Koppel may not send the API key to this URL, or null: https to a host the outbound policy
     * allows, or plain http to loopback where loopback is allowed ({@link PlainHttp}).
     */
    private String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            return "is not an https URL such as https://dossier.example.nl/api/v1";
        }
        try {
            outbound.check(uri.getHost());
        } catch (OutboundRefusedException e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return "host " + uri.getHost() + " cannot be resolved";
        }
        if (scheme.equals("http") && !PlainHttp.allowed(uri.getHost(), outbound)) {
            return "must use https: the API key would cross the network readable over plain http";
        }
        return null;
    }
}
