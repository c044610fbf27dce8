-- The Google OAuth client (a "Web application" client of a Google Cloud project) employees sign in
-- with to connect their Google account. One row, kept by admins. The client secret is encrypted by
-- Koppel before it gets here. The URLs are settings because tests use a fake Google.
CREATE TABLE google_app (
    id                 INT           PRIMARY KEY CHECK (id = 1),
    client_id          VARCHAR(200),
    client_secret      VARCHAR(4000),
    authorization_url  VARCHAR(500)  NOT NULL,
    token_url          VARCHAR(500)  NOT NULL,
    revocation_url     VARCHAR(500)  NOT NULL,
    people_base_url    VARCHAR(500)  NOT NULL,
    calendar_base_url  VARCHAR(500)  NOT NULL,
    tasks_base_url     VARCHAR(500)  NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE,
    updated_by         BIGINT
);

-- Not configured until an admin gives the client id and secret; the endpoints are Google's
-- (https://developers.google.com/identity/protocols/oauth2/web-server).
INSERT INTO google_app (id, authorization_url, token_url, revocation_url, people_base_url, calendar_base_url, tasks_base_url)
VALUES (1, 'https://accounts.google.com/o/oauth2/v2/auth', 'https://oauth2.googleapis.com/token',
        'https://oauth2.googleapis.com/revoke', 'https://people.googleapis.com', 'https://www.googleapis.com/calendar/v3',
        'https://tasks.googleapis.com/tasks/v1');
