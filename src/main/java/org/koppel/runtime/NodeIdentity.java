package org.koppel.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who holds a run lease: this node (the same across restarts) and this process of it (new at every
 * start). A lease held by this node under an earlier boot belongs to a process that is gone, so a
 * starting node frees it at once instead of waiting for it to run out ({@link LeaseRecovery}).
 * <p>
 * The node id is {@code koppel.node-id} if set, else the file {@code node-id} in the data dir, written
 * at the first start. A file rather than the host name: a container gets a new host name at every
 * restart (its leases would never be recognised), and two containers may share one. Nodes cloned from
 * one data dir must be given distinct {@code koppel.node-id}s; should two processes share an id anyway,
 * the fencing token still keeps their runs from writing over each other.
 */
@Component
public class NodeIdentity {

    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);
    private static final int MAX_LENGTH = 200; // connection.lease_node

    private final String nodeId;
    private final String bootId = UUID.randomUUID().toString();

    public NodeIdentity(@Value("${koppel.node-id:}") String configured, @Value("${koppel.data-dir:./data}") Path dataDir) {
        this.nodeId = configured.isBlank() ? fromFile(dataDir.resolve("node-id")) : checked(configured.strip());
        LOG.info("node {} started as boot {}", nodeId, bootId);
    }

    public String nodeId() {
        return nodeId;
    }

    public String bootId() {
        return bootId;
    }

    private static String checked(String id) {
        if (id.isEmpty()) throw new IllegalArgumentException("koppel.node-id: empty (an empty node-id file?)");
        if (id.length() > MAX_LENGTH) throw new IllegalArgumentException("koppel.node-id: at most " + MAX_LENGTH + " characters");
        return id;
    }

    private static String fromFile(Path file) {
        try {
            if (Files.exists(file)) return checked(Files.readString(file, StandardCharsets.UTF_8).strip());
            Files.createDirectories(file.getParent());
            String id = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
            try {
                Files.writeString(file, id + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
                return id;
            } catch (FileAlreadyExistsException another) {
                return checked(Files.readString(file, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write the node id in " + file + " (or set koppel.node-id): " + e, e);
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() > 100 ? name.substring(0, 100) : name;
        } catch (IOException e) {
            return "node";
        }
    }
}
