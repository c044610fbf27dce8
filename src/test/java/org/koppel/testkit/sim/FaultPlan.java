package org.koppel.testkit.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which exchanges the {@link FaultProxy} spoils, drawn from a seeded random in the order requests
 * arrive, so a schedule's faults repeat when its seed is replayed. Counts every fault it applied.
 */
public final class FaultPlan {

    private final Random random;
    private volatile double rate;
    private final Map<Fault, Long> applied = new EnumMap<>(Fault.class);
    /** Faults a test asked for by name, each for the first exchange it matches, whatever the rate. */
    private final List<Scripted> scripted = new ArrayList<>();

    private record Scripted(Fault fault, Predicate<FaultHooks.Call> when) {
    }

    public FaultPlan(long seed, double rate) {
        this.random = new Random(seed);
        this.rate = rate;
    }

    /** Faults stop (the quiet phase after a schedule) or start again. */
    public void rate(double newRate) {
        rate = newRate;
    }

    /** The fault for the next exchange, or null; {@code race} and {@code cursor} say which protocol faults apply. */
    synchronized Fault next(boolean race, boolean cursor) {
        if (rate <= 0 || random.nextDouble() >= rate) return null;
        List<Fault> open = new ArrayList<>(List.of(Fault.values()));
        if (!race) open.remove(Fault.PRECONDITION_RACE);
        if (!cursor) open.remove(Fault.CURSOR_EXPIRED);
        // The protocol faults are rare among all requests: when one applies, give it a fair chance.
        if (race && random.nextBoolean()) return Fault.PRECONDITION_RACE;
        if (cursor && random.nextBoolean()) return Fault.CURSOR_EXPIRED;
        return open.get(random.nextInt(open.size()));
    }

    /**
     * The next exchange that {@code when} matches gets {@code fault}, once: for a test that needs one
     * given fault at one given request (the second page of a listing, the PATCH of a relation).
     */
    public synchronized void once(Fault fault, Predicate<FaultHooks.Call> when) {
        scripted.add(new Scripted(fault, when));
    }

    /** The scripted fault for this exchange, taken off the script; null when none matches. */
    synchronized Fault scripted(FaultHooks.Call call) {
        for (int i = 0; i < scripted.size(); i++) {
            if (scripted.get(i).when().test(call)) return scripted.remove(i).fault();
        }
        return null;
    }

    synchronized int pick(int bound) {
        return random.nextInt(bound);
    }

    synchronized void count(Fault fault) {
        applied.merge(fault, 1L, Long::sum);
    }

    /** Faults applied so far, by kind. */
    public synchronized Map<Fault, Long> applied() {
        var copy = new EnumMap<Fault, Long>(Fault.class);
        copy.putAll(applied);
        return copy;
    }
}
