-- SMS providers, version 4 of Shopcast's tables.

-- Provider codes include transport codes such as SELF_SIGNED_CERT_IN_CHAIN (25 characters) or
-- ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE (37): 16 characters failed the history update under MySQL
-- strict mode. The adapters cut codes at 64 (service/src/providers/formats.ts). SQLite ignores
-- VARCHAR lengths, so the service's rewrite skips these two statements there.
ALTER TABLE `PREFIX_shopcast_campaign_recipient` MODIFY `provider_code` VARCHAR(64) NULL;

ALTER TABLE `PREFIX_shopcast_notification` MODIFY `provider_code` VARCHAR(64) NULL;

-- The provider's id of each campaign message (iSendPro's when it gives one, the sandbox's
-- 'sandbox-<tracker>'), as the notification table keeps it in the column of the same name.
ALTER TABLE `PREFIX_shopcast_campaign_recipient` ADD COLUMN `provider_message_id` VARCHAR(64) NULL;
