/**
 * Google sign-in per employee, as org.koppel.microsoft does Microsoft's: the admin's Google app
 * (OAuth client id and secret, {@link org.koppel.google.GoogleAppSettings}), Connect Google through
 * Spring's OAuth2 client with PKCE ({@link org.koppel.google.GoogleAuthorizationRequests},
 * {@link org.koppel.google.GoogleCodeExchange}), connections of type google
 * ({@link org.koppel.google.GoogleSignIns}), and their tokens for the Google connector
 * ({@link org.koppel.google.GoogleConnections}, the connector's GoogleAccounts).
 */
package org.koppel.google;
