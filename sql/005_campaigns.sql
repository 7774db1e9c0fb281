-- Campaigns, version 5 of Shopcast's tables.

-- Why a campaign stopped or waits, as a stable code and its parameters (JSON), so the pages and
-- the API show the reason in the merchant's language; `error` keeps the English sentence for
-- exports and older readers. Codes: service/src/campaigns/messages.ts.
ALTER TABLE `PREFIX_shopcast_campaign` ADD COLUMN `error_code` VARCHAR(32) NULL;

ALTER TABLE `PREFIX_shopcast_campaign` ADD COLUMN `error_params` TEXT NULL;
