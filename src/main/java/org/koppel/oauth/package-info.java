/**
 * OAuth 2.0 sign-in at a peer, shared by Microsoft 365 ({@code org.koppel.microsoft}) and Google
 * ({@code org.koppel.google}): Spring Security's OAuth2 client set up for several providers
 * ({@link org.koppel.oauth.SignInClient}), authorization requests with PKCE and the employee's intent
 * ({@link org.koppel.oauth.PkceRequests}), the id token's claims, the refresh_token grant with typed
 * failures ({@link org.koppel.oauth.TokenEndpoint}), tokens refreshed before they expire and stored back
 * into the connection's encrypted secret ({@link org.koppel.oauth.RefreshingTokens},
 * {@link org.koppel.oauth.ConnectionTokens}).
 */
package org.koppel.oauth;
