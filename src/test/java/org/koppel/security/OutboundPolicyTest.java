package org.koppel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which hosts Koppel may reach for URLs users enter (SSRF): defaults, admin rules, resolved addresses. */
class OutboundPolicyTest {

    /** Plays DNS: a public-looking name may point anywhere. */
    private static OutboundPolicy.Resolver dns(Map<String, String[]> records) {
        return host -> {
            String[] addresses = records.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                out[i] = InetAddress.getByName(addresses[i]); // literals only: no lookup
            }
            return out;
        };
    }

    private static String refusal(OutboundPolicy policy, String host) throws UnknownHostException {
        return policy.refusal(host).orElse(null);
    }

    @Test
    void byDefaultLoopbackLinkLocalPrivateUnspecifiedAndMulticastAreRefused() throws Exception {
        OutboundPolicy policy = OutboundPolicy.defaults();

        assertThat(refusal(policy, "127.0.0.1")).isEqualTo("address 127.0.0.1 is in a network Koppel may not reach "
                + "(loopback); an administrator can allow it with KOPPEL_OUTBOUND_ALLOW");
        assertThat(refusal(policy, "127.8.9.10")).contains("(loopback)");
        assertThat(refusal(policy, "[::1]")).contains("(loopback)");
        assertThat(refusal(policy, "::ffff:127.0.0.1")).as("IPv4-mapped IPv6").contains("(loopback)");
        assertThat(refusal(policy, "169.254.169.254")).contains("(link-local)");
        assertThat(refusal(policy, "fe80::1")).contains("(link-local)");
        assertThat(refusal(policy, "10.0.0.5")).contains("(private)");
        assertThat(refusal(policy, "172.20.1.1")).contains("(private)");
        assertThat(refusal(policy, "192.168.1.10")).contains("(private)");
        assertThat(refusal(policy, "fd12:3456::1")).contains("(private)");
        assertThat(refusal(policy, "0.0.0.0")).contains("(unspecified)");
        assertThat(refusal(policy, "::")).contains("(unspecified)");
        assertThat(refusal(policy, "224.0.0.1")).contains("(multicast)");
        assertThat(refusal(policy, "ff02::1")).contains("(multicast)");

        assertThat(refusal(policy, "93.184.216.34")).isNull();
        assertThat(refusal(policy, "172.32.0.1")).as("just outside 172.16/12").isNull();
        assertThat(refusal(policy, "2001:db8::1")).isNull();
    }

    /** The spellings of 127.0.0.1 and 169.254.169.254 that parsers disagree on are read as the JDK connects to them. */
    @Test
    void otherSpellingsOfALoopbackOrMetadataAddressAreRefusedToo() throws Exception {
        OutboundPolicy policy = OutboundPolicy.defaults();

        assertThat(refusal(policy, "2130706433")).as("one decimal number").contains("address 127.0.0.1", "(loopback)");
        assertThat(refusal(policy, "127.1")).as("two parts").contains("address 127.0.0.1", "(loopback)");
        assertThat(refusal(policy, "[::ffff:7f00:1]")).as("IPv4-mapped, hex").contains("(loopback)");
        assertThat(refusal(policy, "[::ffff:169.254.169.254]")).contains("(link-local)");
        assertThat(refusal(policy, "localhost.")).as("trailing dot").contains("(loopback)");
        assertThat(refusal(policy, "0")).contains("address 0.0.0.0", "(unspecified)");
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() throws Exception {
        OutboundPolicy policy = OutboundPolicy.defaults().withResolver(dns(Map.of(
                "dav.example.com", new String[] {"127.0.0.1"},
                "mixed.example.com", new String[] {"93.184.216.34", "10.1.2.3"},
                "public.example.com", new String[] {"93.184.216.34"})));

        assertThat(refusal(policy, "dav.example.com")).startsWith("address 127.0.0.1 is in a network");
        assertThat(refusal(policy, "mixed.example.com")).startsWith("address 10.1.2.3 is in a network");
        assertThat(refusal(policy, "public.example.com")).isNull();
        assertThatThrownBy(() -> policy.check("dav.example.com")).isInstanceOf(OutboundRefusedException.class);
        assertThatThrownBy(() -> policy.check("nowhere.example.com")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void localhostIsRefusedThoughItIsAName() {
        assertThatThrownBy(() -> OutboundPolicy.defaults().check("localhost"))
                .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("(loopback)");
    }

    @Test
    void anAdministratorAllowsANetworkOrABuiltInOne() throws Exception {
        OutboundPolicy policy = OutboundPolicy.of("loopback, 10.1.0.0/16", "");

        assertThat(refusal(policy, "127.0.0.1")).isNull();
        assertThat(refusal(policy, "::1")).isNull();
        assertThat(refusal(policy, "10.1.200.3")).isNull();
        assertThat(refusal(policy, "10.2.0.1")).as("the rest of 10/8 stays denied").contains("(private)");
        assertThat(policy.permits(InetAddress.getLoopbackAddress())).isTrue();
        assertThat(OutboundPolicy.defaults().permits(InetAddress.getLoopbackAddress())).isFalse();
    }

    @Test
    void theMostSpecificRuleWinsSoAnAllowListCanBeStrict() throws Exception {
        OutboundPolicy strict = OutboundPolicy.of("dav.example.nl, *.icloud.com, 10.1.0.0/16", "0.0.0.0/0, ::/0, 10.1.2.3")
                .withResolver(dns(Map.of(
                        "dav.example.nl", new String[] {"192.168.5.5"},
                        "p57-contacts.icloud.com", new String[] {"17.1.2.3"},
                        "other.example.org", new String[] {"93.184.216.34"})));

        assertThat(refusal(strict, "dav.example.nl")).as("an allowed host name, whatever it resolves to").isNull();
        assertThat(refusal(strict, "p57-contacts.icloud.com")).isNull();
        assertThat(refusal(strict, "other.example.org"))
                .isEqualTo("address 93.184.216.34 is in a network an administrator denied (0.0.0.0/0 in KOPPEL_OUTBOUND_DENY)");
        assertThat(refusal(strict, "10.1.9.9")).isNull();
        assertThat(refusal(strict, "10.1.2.3")).contains("an administrator denied (10.1.2.3 in KOPPEL_OUTBOUND_DENY)");
    }

    @Test
    void aDeniedHostNameIsRefusedWithoutALookup() throws Exception {
        OutboundPolicy policy = OutboundPolicy.of("", "evil.example.com").withResolver(host -> {
            throw new AssertionError("no lookup needed for " + host);
        });

        assertThat(refusal(policy, "Evil.Example.com.")).isEqualTo("host evil.example.com is denied by KOPPEL_OUTBOUND_DENY (evil.example.com)");
    }

    @Test
    void aRuleThatIsNoNetworkNoAddressAndNoHostNameStopsTheStart() {
        assertThatThrownBy(() -> OutboundPolicy.of("10.0.0.0/33", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KOPPEL_OUTBOUND_ALLOW").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> OutboundPolicy.of("", "http://x/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KOPPEL_OUTBOUND_DENY");
    }
}
