-- Staff notifications on Telegram, version 3 of Shopcast's tables.

-- The channels a rule delivers by, comma-separated: 'sms', 'telegram' or 'sms,telegram'
-- (telegram only on [Admin] rules). Existing rules keep sending SMS.
ALTER TABLE `PREFIX_shopcast_notification_rule` ADD COLUMN `channels` VARCHAR(32) NOT NULL DEFAULT 'sms';

-- The channel a history row went by. The unique key stays (id_event, id_rule, recipient): a
-- Telegram recipient is written 'tg:<chat id>' (an SMS one is E.164), so a rule sending by both
-- channels, or to several chats, still plans each message exactly once.
ALTER TABLE `PREFIX_shopcast_notification` ADD COLUMN `channel` VARCHAR(8) NOT NULL DEFAULT 'sms';

-- A staff chat that receives the [Admin] notifications of a shop (id_shop 0 = every shop).
-- Rows are never deleted: an unlinked chat keeps its row with the reason (the merchant's
-- /unlink, an administrator, or Telegram's 403 when the bot was blocked), so the history stays
-- readable. linked_via says how the link was proven ('code' today; room for 'email').
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_telegram_chat` (
  `id_telegram_chat` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 0,
  `chat_id` BIGINT NOT NULL,
  `chat_type` VARCHAR(16) NOT NULL,
  `title` VARCHAR(255) NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'linked',
  `linked_via` VARCHAR(16) NOT NULL DEFAULT 'code',
  `linked_by` INT UNSIGNED NULL,
  `linked_at` DATETIME NOT NULL,
  `unlinked_at` DATETIME NULL,
  `unlink_reason` VARCHAR(255) NULL,
  UNIQUE KEY `shop_chat` (`id_shop`, `chat_id`),
  KEY `chat_status` (`chat_id`, `status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One-time link codes (15 minutes). Only the SHA-256 of the code is kept: a database dump does
-- not hand out live codes. used_at is set by the one UPDATE that redeems the code, so a code
-- sent twice, or by two chats at once, links one chat only.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_telegram_link_code` (
  `id_link_code` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `code_hash` CHAR(64) NOT NULL,
  `id_shop` INT UNSIGNED NOT NULL DEFAULT 0,
  `created_by` INT UNSIGNED NULL,
  `created_at` DATETIME NOT NULL,
  `expires_at` DATETIME NOT NULL,
  `used_at` DATETIME NULL,
  `chat_id` BIGINT NULL,
  UNIQUE KEY `code_hash` (`code_hash`),
  KEY `expires` (`expires_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
