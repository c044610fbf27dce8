package org.koppel.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which hosts Koppel may reach for URLs a user typed (CardDAV servers now, other connectors later):
 * a guard against server-side request forgery. Without it a user, or a server answering with a
 * redirect, could make Koppel send requests — with credentials — to the cloud metadata service,
 * the database or an admin page on the inside network.
 *
 * <p>Rules are networks (CIDR or one address), host names ({@code dav.example.nl}, or
 * {@code *.example.nl} for every host below it) and the names of the built-in networks
 * ({@code loopback}, {@code link-local}, {@code private}, {@code unspecified}, {@code multicast},
 * {@code reserved}), which are denied unless an administrator allows them. The most specific rule
 * wins, like a routing table: a host name over any network, a longer prefix over a shorter one; at
 * equal length the administrator's rule over the built-in one, and deny over allow. So
 * {@code KOPPEL_OUTBOUND_ALLOW=10.1.0.0/16} opens one part of 10/8, and
 * {@code KOPPEL_OUTBOUND_DENY=0.0.0.0/0,::/0} with a few allowed hosts makes a strict allow-list.
 *
 * <p>The RESOLVED addresses are checked, every one of them, right before each connection: a public
 * name pointing at 127.0.0.1 is refused like 127.0.0.1. The JDK keeps a resolved name for 30 s
 * ({@code networkaddress.cache.ttl}), so the HTTP client connects to the address checked here.
 */
public final class OutboundPolicy {

    /** The setting and environment variable names, for messages that tell an admin what to change. */
    public static final String ALLOW_SETTING = "KOPPEL_OUTBOUND_ALLOW";
    public static final String DENY_SETTING = "KOPPEL_OUTBOUND_DENY";

    /** Resolves a host name to all its addresses; replaced in tests to play DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private enum Source { BUILT_IN, ADMIN }

    private record Rule(Network network, String hostPattern, boolean allow, Source source, String label) {

        /** Host names beat every network; among networks the longer prefix is more specific. */
        int specificity() {
            return hostPattern != null ? 1_000 : network.prefix();
        }
    }

    private static final List<Rule> BUILT_IN = builtIn();

    private final List<Rule> rules;
    private final Resolver resolver;

    private OutboundPolicy(List<Rule> rules, Resolver resolver) {
        this.rules = List.copyOf(rules);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Only the built-in denials: what an installation gets without settings. */
    public static OutboundPolicy defaults() {
        return of("", "");
    }

    /**
     * @param allow comma-separated rules an administrator allows (may be null or blank)
     * @param deny  comma-separated rules an administrator denies (may be null or blank)
     * @throws IllegalArgumentException an entry that is no network, host name or built-in name;
     *                                  startup fails rather than run with a rule silently dropped
     */
    public static OutboundPolicy of(String allow, String deny) {
        List<Rule> rules = new ArrayList<>(BUILT_IN);
        rules.addAll(parse(allow, true, ALLOW_SETTING));
        rules.addAll(parse(deny, false, DENY_SETTING));
        return new OutboundPolicy(rules, InetAddress::getAllByName);
    }

    /** The same rules with another resolver (tests: a DNS name that points at a private address). */
    public OutboundPolicy withResolver(Resolver other) {
        return new OutboundPolicy(rules, other);
    }

    /**
     * Refuses {@code host} unless it and every address it resolves to may be reached.
     *
     * @throws OutboundRefusedException with a reason a user can act on
     * @throws UnknownHostException     the name does not resolve (a transient DNS failure, or a typo)
     */
    public void check(String host) throws UnknownHostException {
        Optional<String> refusal = refusal(host);
        if (refusal.isPresent()) {
            throw new OutboundRefusedException(refusal.get());
        }
    }

    /** Why {@code host} may not be reached, or empty when it may. */
    public Optional<String> refusal(String host) throws UnknownHostException {
        String name = hostName(host);
        Rule byName = decisive(null, name);
        if (byName != null) {
            return byName.allow() ? Optional.empty()
                    : Optional.of("host " + name + " is denied by " + DENY_SETTING + " (" + byName.label() + ")");
        }
        // An address literal is parsed, not looked up (getByName does no DNS for literals).
        InetAddress[] addresses = Network.looksLikeAddress(name) && !name.contains("/")
                ? new InetAddress[] {InetAddress.getByName(name)} : resolver.resolve(name);
        for (InetAddress address : addresses) {
            Rule rule = decisive(address, null);
            if (rule != null && !rule.allow()) {
                return Optional.of(reason(address, rule));
            }
        }
        return Optional.empty();
    }

    /** Whether this literal address may be reached (the plain-http rule asks it of loopback). */
    public boolean permits(InetAddress address) {
        Rule rule = decisive(address, null);
        return rule == null || rule.allow();
    }

    private static String reason(InetAddress address, Rule rule) {
        String shown = address.getHostAddress();
        if (rule.source() == Source.BUILT_IN) {
            return "address " + shown + " is in a network Koppel may not reach (" + rule.label()
                    + "); an administrator can allow it with " + ALLOW_SETTING;
        }
        return "address " + shown + " is in a network an administrator denied (" + rule.label() + " in "
                + DENY_SETTING + ")";
    }

    /** The most specific rule matching the address or the host name; null when none does. */
    private Rule decisive(InetAddress address, String host) {
        Rule best = null;
        for (Rule rule : rules) {
            boolean matches = host != null
                    ? rule.hostPattern() != null && hostMatches(rule.hostPattern(), host)
                    : rule.network() != null && rule.network().contains(address);
            if (matches && (best == null || beats(rule, best))) {
                best = rule;
            }
        }
        return best;
    }

    private static boolean beats(Rule candidate, Rule best) {
        if (candidate.specificity() != best.specificity()) {
            return candidate.specificity() > best.specificity();
        }
        if (candidate.source() != best.source()) {
            return candidate.source() == Source.ADMIN;
        }
        return !candidate.allow() && best.allow();
    }

    private static boolean hostMatches(String pattern, String host) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
    }

    /** Lower case, no trailing dot, no IPv6 brackets: "[::1]" and "::1", "Dav.Example." and "dav.example" are one host. */
    static String hostName(String host) {
        if (host == null || host.isBlank()) {
            throw new OutboundRefusedException("no host given");
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static List<Rule> parse(String list, boolean allow, String setting) {
        List<Rule> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String raw : list.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            List<Rule> named = BUILT_IN.stream().filter(r -> r.label().equals(entry)).toList();
            if (!named.isEmpty()) {
                named.forEach(r -> out.add(new Rule(r.network(), null, allow, Source.ADMIN, entry)));
            } else if (Network.looksLikeAddress(entry)) {
                out.add(new Rule(Network.parse(entry, setting), null, allow, Source.ADMIN, entry));
            } else if (entry.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
                out.add(new Rule(null, hostName(entry), allow, Source.ADMIN, entry));
            } else {
                throw new IllegalArgumentException(setting + ": '" + raw.strip()
                        + "' is no network (10.0.0.0/8), address, host name (dav.example.nl, *.example.nl) or one of "
                        + BUILT_IN.stream().map(Rule::label).distinct().toList());
            }
        }
        return out;
    }

    private static List<Rule> builtIn() {
        List<Rule> rules = new ArrayList<>();
        deny(rules, "loopback", "127.0.0.0/8", "::1/128");
        deny(rules, "link-local", "169.254.0.0/16", "fe80::/10");
        // 100.64/10 is carrier-grade NAT space: never a public server, often a provider's inside.
        deny(rules, "private", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");
        deny(rules, "unspecified", "0.0.0.0/8", "::/128");
        deny(rules, "multicast", "224.0.0.0/4", "ff00::/8");
        deny(rules, "reserved", "240.0.0.0/4");
        return List.copyOf(rules);
    }

    private static void deny(List<Rule> rules, String label, String... networks) {
        for (String n : networks) {
            rules.add(new Rule(Network.parse(n, "built-in"), null, false, Source.BUILT_IN, label));
        }
    }
}
