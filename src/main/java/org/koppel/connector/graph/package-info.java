/**
 * The Microsoft 365 contact connector, over Microsoft Graph v1.0 without the Graph SDK.
 *
 * <p>Wiring (done by the connection type "microsoft365"): {@code new GraphClient(accounts.graphBaseUrl(),
 * accounts.tokens(connectionId, secret), mailboxKey)} and {@code new GraphContactPeer(client,
 * settings.get("folder"), json)}. {@link org.koppel.connector.graph.GraphClient} handles tokens,
 * throttling and batches; {@link org.koppel.connector.graph.GraphContacts} maps a contact to slots;
 * {@link org.koppel.connector.graph.GraphContactPeer} is the engine's peer.
 */
package org.koppel.connector.graph;
