package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koppel.runtime.Connection;
import org.koppel.runtime.PeerFactory;
import org.koppel.security.OutboundPolicy;

/** Which CardDAV connections are iCloud's, for its address rule (docs/sync.md). */
class CardDavProviderTest {

    @ParameterizedTest
    @CsvSource({
            "https://p42-contacts.icloud.com/1234567/carddavhome/card/, icloud",
            "https://contacts.icloud.com, icloud",
            "contacts.icloud.com, icloud",
            "https://ICLOUD.COM/, icloud",
            "https://nextcloud.example/remote.php/dav/addressbooks/users/jan/contacts/, carddav",
            "https://icloud.com.example.net/, carddav",
            "https://noticloud.com/, carddav"})
    void anAddressBookAtIcloudComIsICloud(String url, String provider) {
        var connection = new Connection(1, "carddav", "Phone", 1, Connection.Status.ACTIVE, null,
                Map.of("addressBook", url), false, 1, Instant.EPOCH, Instant.EPOCH);

        assertThat(new CardDavPeers(tools.jackson.databind.json.JsonMapper.builder().build(), OutboundPolicy.defaults())
                .provider(connection)).isEqualTo(provider);
        assertThat(PeerFactory.ICLOUD).isEqualTo("icloud");
    }
}
