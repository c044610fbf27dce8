package org.koppel.oauth;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/** HTTP to the token endpoint with time limits: a sync run or a sign-in must not hang on a silent host. */
public final class TokenHttp {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private TokenHttp() {
    }

    /** The one client for every token endpoint call, shared ({@link org.koppel.connector.SharedHttp}). */
    public static HttpClient client() {
        return org.koppel.connector.SharedHttp.client("oauth", null, CONNECT_TIMEOUT);
    }

    /** What Spring's token-response clients build by default, plus the time limits. */
    public static RestClient restClientForSpring() {
        var factory = new JdkClientHttpRequestFactory(client());
        factory.setReadTimeout(READ_TIMEOUT);
        return RestClient.builder().requestFactory(factory)
                .messageConverters(List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }
}
