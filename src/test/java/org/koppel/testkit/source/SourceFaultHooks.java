package org.koppel.testkit.source;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

import org.koppel.testkit.sim.FaultHooks;

/**
 * The source contract's protocol for the {@link org.koppel.testkit.sim.FaultProxy}: a PATCH of a
 * relation with If-Match is the conditional write a race edits first (at the server, as the source's
 * user), a change listing with {@code cursor=} carries the cursor, and an expired one is the server's
 * own 410 once it pruned its change log.
 */
public final class SourceFaultHooks implements FaultHooks {

    private static final String RELATION = "/api/v1/relations/";

    private final SourceServer source;
    private volatile Consumer<String> racer;

    /** Races edit the relation's website as the source's user, unless {@link #onRace} says otherwise. */
    public SourceFaultHooks(SourceServer source) {
        this.source = source;
        this.racer = id -> source.edit(id, "website", "https://raced-" + System.nanoTime() + ".example.nl");
    }

    /** What the source's user does to a relation whose PATCH is raced. */
    public void onRace(Consumer<String> racer) {
        this.racer = racer;
    }

    @Override
    public boolean raceable(Call call) {
        return relationOf(call).isPresent();
    }

    @Override
    public void race(Call call) {
        relationOf(call).ifPresent(racer);
    }

    private static Optional<String> relationOf(Call call) {
        if (!call.method().equals("PATCH") || call.header().apply("If-Match").isEmpty()) return Optional.empty();
        String path = call.path();
        int at = path.indexOf(RELATION);
        return at < 0 ? Optional.empty()
                : Optional.of(URLDecoder.decode(path.substring(at + RELATION.length()), StandardCharsets.UTF_8));
    }

    @Override
    public boolean carriesCursor(Call call) {
        return isListing(call) && call.target().contains("cursor=");
    }

    /** The change list: GET /relations with or without a cursor. */
    public static boolean isListing(Call call) {
        return call.method().equals("GET") && call.path().endsWith("/relations");
    }

    /** The source prunes its change log; the forwarded listing gets its 410 cursor_expired. */
    @Override
    public Optional<Answer> expireCursor(Call call) {
        source.expireCursors();
        return Optional.empty();
    }
}
