-- The ledger of applied migrations. Run before every migrate (service and PHP installer alike);
-- it only ever creates the table when missing.
CREATE TABLE IF NOT EXISTS `PREFIX_shopcast_migration` (
  `version` INT UNSIGNED NOT NULL,
  `name` VARCHAR(64) NOT NULL,
  `checksum` CHAR(64) NOT NULL,
  `applied_at` DATETIME NOT NULL,
  PRIMARY KEY (`version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
