/**
 * The Microsoft 365 connector (contacts, the default calendar and Microsoft To Do tasks), over Microsoft Graph v1.0 without the Graph SDK.
 *
 * <p>Wiring (done by the connection type "microsoft365"): {@code new GraphClient(accounts.graphBaseUrl(),
 * accounts.tokens(connectionId, secret), mailboxKey)} and {@code new GraphContactPeer(client,
 * settings.get("folder"), json)}. {@link org.koppel.connector.graph.GraphClient} handles tokens,
 * throttling and batches; {@link org.koppel.connector.graph.GraphContacts} maps a contact to slots;
 * {@link org.koppel.connector.graph.GraphContactPeer} is the engine's peer. Appointments (setting
 * {@code calendar=default}): {@code new GraphEventPeer(client, json)}, given the run's window by
 * {@code limitTo}; {@link org.koppel.connector.graph.GraphEvents} and
 * {@link org.koppel.connector.graph.GraphRecurrence} map an event and its recurrence. Tasks (setting
 * {@code taskList}): {@code new GraphTaskPeer(client, settings.get("taskList"), json)};
 * {@link org.koppel.connector.graph.TodoTasks} maps a To Do task.
 *
 * <p>Push (change notifications, when {@code koppel.public-url} is set): the factory's
 * {@code afterRun(connection, secret, peer)} calls {@code graphSubscriptions.ensure(client, connection.id(),
 * ((GraphContactPeer) peer).folderId())}, and its {@code detach(connection, secret)} calls
 * {@code graphSubscriptions.remove(connection.id(), () -> client)}. Notifications arrive at
 * {@link org.koppel.connector.graph.GraphNotifications}.
 */
package org.koppel.connector.graph;
