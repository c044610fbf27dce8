package org.koppel.connector.caldav;

import java.time.Clock;

import org.koppel.connector.dav.DavCollectionClient;

import tools.jackson.databind.ObjectMapper;

/**
 * A CalDAV task list (a calendar holding VTODOs) as the tasks peer (VTODO ↔ TaskSlots, see
 * {@link VTodoSlots}). It lists every task: open tasks have no date range to query by (a task
 * without DUE is in scope whatever the window), so the engine filters.
 */
public final class CalDavTaskPeer extends CalDavItemPeer {

    public CalDavTaskPeer(DavCollectionClient client, boolean syncCollection, ObjectMapper json, Clock clock) {
        super(client, syncCollection, json, new VTodoSlots(clock), "task", clock);
    }
}
