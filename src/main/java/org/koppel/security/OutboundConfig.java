package org.koppel.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The installation's {@link OutboundPolicy}, from {@code koppel.outbound.allow} and {@code koppel.outbound.deny}. */
@Configuration
public class OutboundConfig {

    @Bean
    public OutboundPolicy outboundPolicy(@Value("${koppel.outbound.allow:}") String allow,
                                         @Value("${koppel.outbound.deny:}") String deny) {
        return OutboundPolicy.of(allow, deny);
    }
}
