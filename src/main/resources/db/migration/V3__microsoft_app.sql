-- The Microsoft Entra app (registration) employees sign in with to connect their Microsoft 365
-- mailbox. One row, kept by admins. The client secret is encrypted by Koppel before it gets here.
-- The URLs are settings because national clouds (and tests) use other hosts.
CREATE TABLE microsoft_app (
    id                 INT           PRIMARY KEY CHECK (id = 1),
    client_id          VARCHAR(100),
    client_secret      VARCHAR(4000),
    tenant             VARCHAR(200)  NOT NULL,
    authority_base_url VARCHAR(500)  NOT NULL,
    graph_base_url     VARCHAR(500)  NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE,
    updated_by         BIGINT
);

-- Not configured until an admin gives the client id and secret; the rest has working defaults.
INSERT INTO microsoft_app (id, tenant, authority_base_url, graph_base_url)
VALUES (1, 'organizations', 'https://login.microsoftonline.com', 'https://graph.microsoft.com/v1.0');
