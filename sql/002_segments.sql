-- Segmentation, version 2 of Shopcast's tables.

-- pick_key ranks an address for the "best number of a customer" choice and carries the choice:
--   '9' + address date_add (19) + id_address on 10 digits + country on 3 ('_'-padded) + E.164 number
--   '3' landline only, '2' invalid, '1' empty (no number; the digit is the drop reason's weight).
-- MAX(pick_key) over a customer's live addresses is then the newest address with a mobile number,
-- or the most telling reason when none has one: no window function needed (MySQL 5.7 has none).
ALTER TABLE `PREFIX_shopcast_address_phone` ADD COLUMN `pick_key` VARCHAR(64) NULL;

CREATE INDEX `PREFIX_shopcast_address_phone_pick` ON `PREFIX_shopcast_address_phone` (`id_customer`, `pick_key`);

-- Each customer's chosen number: MAX(pick_key) over their live addresses, decoded. Kept by the
-- cache refresh for the customers whose addresses changed, so a count joins one row per customer
-- by primary key instead of choosing among addresses (1M-customer demo: 1.0 s of a 1.8 s count).
-- No row: no live address (drop reason no_number).
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_customer_phone` (
  `id_customer` INT UNSIGNED NOT NULL,
  `phone` VARCHAR(20) NULL,
  `country` VARCHAR(3) NULL,
  `id_address` INT UNSIGNED NULL,
  `drop_reason` VARCHAR(16) NULL,
  PRIMARY KEY (`id_customer`),
  KEY `phone` (`phone`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A segment's matched customers, materialised once per export so that its batches never run the
-- criteria again (an order-window criterion costs a scan of the orders index per evaluation).
-- Rows live while the export runs; runs older than a day are swept by the next export.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_segment_run` (
  `id_run` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `created_at` DATETIME NOT NULL,
  KEY `created` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_segment_member` (
  `id_run` INT UNSIGNED NOT NULL,
  `id_customer` INT UNSIGNED NOT NULL,
  PRIMARY KEY (`id_run`, `id_customer`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Checkpoints of incremental refreshes (the address-phone cache's sweeps).
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_sync_state` (
  `name` VARCHAR(64) NOT NULL,
  `value` VARCHAR(255) NULL,
  `updated_at` DATETIME NOT NULL,
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
