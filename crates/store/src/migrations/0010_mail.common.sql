-- Provider units may have a shared mailbox; notifications to a unit with one
-- are queued for e-mail in the same transaction as the notification.
ALTER TABLE units ADD COLUMN email TEXT;
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    notification_id TEXT NOT NULL REFERENCES notifications(id),
    recipient TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error TEXT
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, created_at);
