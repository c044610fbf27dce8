package org.koppel.microsoft;

import java.net.URI;

/**
 * The Microsoft Entra app registration Koppel signs employees in with, as an admin set it. The
 * client secret is not part of this record (only whether one is set), so it cannot leak through
 * a page or an API answer that shows the settings.
 */
public record MicrosoftApp(String clientId, boolean clientSecretSet, String tenant, String authorityBaseUrl,
                           String graphBaseUrl) {

    public static final String DEFAULT_TENANT = "organizations";
    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    public static final String DEFAULT_GRAPH = "https://graph.microsoft.com/v1.0";

    /** Employees can connect a mailbox only once both the client id and its secret are known. */
    public boolean configured() {
        return clientId != null && clientSecretSet;
    }

    public URI authorizationUri() {
        return URI.create(trimmed(authorityBaseUrl) + "/" + tenant + "/oauth2/v2.0/authorize");
    }

    public URI tokenUri() {
        return URI.create(trimmed(authorityBaseUrl) + "/" + tenant + "/oauth2/v2.0/token");
    }

    public URI graphBaseUri() {
        return URI.create(trimmed(graphBaseUrl));
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
