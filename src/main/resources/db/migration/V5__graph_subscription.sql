-- Microsoft Graph change subscriptions ("push"), one per Microsoft 365 connection while Koppel has
-- a public URL (koppel.public-url). The clientState Koppel sends with a subscription is a random
-- value known only to Graph and Koppel; only its SHA-256 (hex) is kept here, so a database dump
-- does not let anyone forge notifications.
CREATE TABLE graph_subscription (
    connection_id     BIGINT        NOT NULL PRIMARY KEY REFERENCES connection (id) ON DELETE CASCADE,
    subscription_id   VARCHAR(200)  NOT NULL UNIQUE,
    client_state_hash VARCHAR(64)   NOT NULL,
    -- e.g. me/contactFolders/{id}/contacts; a different folder means a new subscription
    resource          VARCHAR(1000) NOT NULL,
    notification_url  VARCHAR(1000) NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- lifecycle notifications, carried out by the connection's next run
    renew_requested    BOOLEAN      NOT NULL DEFAULT FALSE,
    recreate_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
