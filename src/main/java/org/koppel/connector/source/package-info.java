/**
 * Source systems (practice-management systems that own relations) as relation peers
 * (docs/source-system.md): {@link org.koppel.connector.source.SourceClient} speaks the contract,
 * {@link org.koppel.connector.source.SourceFields} maps a relation's JSON to and from
 * {@link org.koppel.sync.RelationSlots}, {@link org.koppel.connector.source.SourcePeer} is the engine's
 * view of it, and {@link org.koppel.connector.source.SourcePeers} the {@code source} connection type.
 */
package org.koppel.connector.source;
