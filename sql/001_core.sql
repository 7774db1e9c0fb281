-- Shopcast's own tables, version 1. All datetimes are UTC ('YYYY-MM-DD hh:mm:ss') unless the
-- column says otherwise; shop wall-clock times are only ever read from PrestaShop's tables.

-- Settings per shop (id_shop 0 = all shops). Secrets are flagged so no API ever returns them.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_setting` (
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 0,
  `name` VARCHAR(64) NOT NULL,
  `value` TEXT NULL,
  `is_secret` TINYINT(1) NOT NULL DEFAULT 0,
  `updated_at` DATETIME NOT NULL,
  PRIMARY KEY (`id_shop`, `name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Events written by the PrestaShop module's hooks (one INSERT each, nothing else in the hook).
-- The service claims rows (claimed_by/claimed_until, SKIP LOCKED on MySQL) and marks them done
-- or rejected; a row is never deleted before it is done, so nothing is lost while we are down.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_event_outbox` (
  `id_event` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `event` VARCHAR(64) NOT NULL,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 1,
  `id_order` INT UNSIGNED NULL,
  `id_customer` INT UNSIGNED NULL,
  `id_order_state` INT UNSIGNED NULL,
  `payload` TEXT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
  `attempts` INT UNSIGNED NOT NULL DEFAULT 0,
  `claimed_by` VARCHAR(64) NULL,
  `claimed_until` DATETIME NULL,
  `next_attempt_at` DATETIME NULL,
  `last_error` TEXT NULL,
  `created_at` DATETIME NOT NULL,
  `processed_at` DATETIME NULL,
  KEY `status_id` (`status`, `id_event`),
  KEY `order_event` (`id_order`, `event`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A notification rule: which events, to whom (admin or client), from which sender, with what text.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_notification_rule` (
  `id_rule` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 0,
  `audience` VARCHAR(8) NOT NULL,
  `sender` VARCHAR(11) NULL,
  `message` TEXT NOT NULL,
  `active` TINYINT(1) NOT NULL DEFAULT 1,
  `created_at` DATETIME NOT NULL,
  `updated_at` DATETIME NOT NULL,
  KEY `shop_active` (`id_shop`, `active`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The events a rule listens to (a rule may choose several).
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_notification_rule_event` (
  `id_rule` INT UNSIGNED NOT NULL,
  `event` VARCHAR(64) NOT NULL,
  PRIMARY KEY (`id_rule`, `event`),
  KEY `event` (`event`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per message a rule produced for an event. The unique key (event, rule, recipient) is
-- what makes a replayed or duplicated event unable to send twice: the row is written before the
-- provider call and updated after it.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_notification` (
  `id_notification` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_event` BIGINT UNSIGNED NOT NULL,
  `id_rule` INT UNSIGNED NOT NULL,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 1,
  `event` VARCHAR(64) NOT NULL,
  `recipient` VARCHAR(20) NOT NULL,
  `sender` VARCHAR(11) NULL,
  `message` TEXT NOT NULL,
  `parts` TINYINT UNSIGNED NOT NULL DEFAULT 1,
  `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
  `attempts` INT UNSIGNED NOT NULL DEFAULT 0,
  `provider_code` VARCHAR(16) NULL,
  `provider_message` VARCHAR(255) NULL,
  `provider_message_id` VARCHAR(64) NULL,
  `tracker` VARCHAR(49) NULL,
  `created_at` DATETIME NOT NULL,
  `sent_at` DATETIME NULL,
  UNIQUE KEY `event_rule_recipient` (`id_event`, `id_rule`, `recipient`),
  KEY `created` (`created_at`),
  KEY `status` (`status`, `id_notification`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A marketing campaign and its state machine (draft, scheduled, sending, paused, sent,
-- partially_sent, failed, cancelled, missed; see service/src/campaigns/state.ts). action is what
-- the merchant asked: send it, or export the selection as a provider directory. scheduled_at is
-- UTC. last_id_recipient is the runner's checkpoint: it moves in the same transaction that claims
-- the next batch, so a restart resumes where it stopped. snapshot_done says the recipients table
-- holds the whole selection (a crash during the snapshot restarts it).
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_campaign` (
  `id_campaign` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 1,
  `name` VARCHAR(128) NOT NULL,
  `action` VARCHAR(8) NOT NULL DEFAULT 'send',
  `criteria` TEXT NOT NULL,
  `message` TEXT NOT NULL,
  `sender` VARCHAR(11) NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'draft',
  `scheduled_at` DATETIME NULL,
  `started_at` DATETIME NULL,
  `finished_at` DATETIME NULL,
  `recipients` INT UNSIGNED NOT NULL DEFAULT 0,
  `sent` INT UNSIGNED NOT NULL DEFAULT 0,
  `failed` INT UNSIGNED NOT NULL DEFAULT 0,
  `unknown` INT UNSIGNED NOT NULL DEFAULT 0,
  `parts` TINYINT UNSIGNED NOT NULL DEFAULT 0,
  `estimated_cost` DECIMAL(12,4) NULL,
  `cost` DECIMAL(12,4) NULL,
  `snapshot_done` TINYINT(1) NOT NULL DEFAULT 0,
  `last_id_recipient` BIGINT UNSIGNED NOT NULL DEFAULT 0,
  `directory_id` VARCHAR(64) NULL,
  `claimed_by` VARCHAR(64) NULL,
  `claimed_until` DATETIME NULL,
  `error` TEXT NULL,
  `created_at` DATETIME NOT NULL,
  `updated_at` DATETIME NOT NULL,
  KEY `status_scheduled` (`status`, `scheduled_at`),
  KEY `created` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The campaign's snapshot: recipients materialised when sending starts, one row per phone number.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_campaign_recipient` (
  `id_recipient` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_campaign` INT UNSIGNED NOT NULL,
  `id_customer` INT UNSIGNED NOT NULL,
  `phone` VARCHAR(20) NOT NULL,
  `country` VARCHAR(3) NULL,
  `firstname` VARCHAR(255) NULL,
  `lastname` VARCHAR(255) NULL,
  `email` VARCHAR(255) NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
  `parts` TINYINT UNSIGNED NULL,
  `cost` DECIMAL(10,4) NULL,
  `provider_code` VARCHAR(16) NULL,
  `provider_message` VARCHAR(255) NULL,
  `tracker` VARCHAR(49) NULL,
  `sent_at` DATETIME NULL,
  UNIQUE KEY `campaign_phone` (`id_campaign`, `phone`),
  KEY `campaign_status` (`id_campaign`, `status`, `id_recipient`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Numbers that must never receive marketing (the provider's blacklist, STOP replies, manual).
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_opt_out` (
  `phone` VARCHAR(20) NOT NULL,
  `source` VARCHAR(16) NOT NULL,
  `created_at` DATETIME NOT NULL,
  PRIMARY KEY (`phone`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The best number of each address, parsed once with libphonenumber-js (it cannot run inside SQL)
-- and refreshed by address date_upd, so a count with reachability stays one SQL query.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_address_phone` (
  `id_address` INT UNSIGNED NOT NULL,
  `id_customer` INT UNSIGNED NOT NULL,
  `phone` VARCHAR(20) NULL,
  `phone_type` VARCHAR(24) NULL,
  `source_field` VARCHAR(16) NULL,
  `country` VARCHAR(3) NULL,
  `drop_reason` VARCHAR(16) NULL,
  `address_date_add` DATETIME NOT NULL,
  `address_date_upd` DATETIME NOT NULL,
  PRIMARY KEY (`id_address`),
  KEY `customer` (`id_customer`),
  KEY `phone` (`phone`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- What the sandbox provider "sent": recorded, never transmitted.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_sandbox_message` (
  `id_message` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `recipient` VARCHAR(20) NOT NULL,
  `sender` VARCHAR(11) NULL,
  `message` TEXT NOT NULL,
  `tracker` VARCHAR(49) NULL,
  `created_at` DATETIME NOT NULL,
  KEY `tracker` (`tracker`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
