-- The PrestaShop tables Shopcast reads, for the demo shop and the tests (docs/demo-shop.md). Not a
-- migration: `shopcast demo` applies it only to a database without a real shop. Types, defaults
-- and key names follow PrestaShop 9.1's db_structure.sql, restricted to the columns Shopcast
-- reads (a real shop has more; our queries must never need them). Auto-increment keys are
-- written inline so the SQLite rewrite turns them into rowid aliases.

CREATE TABLE IF NOT EXISTS `PREFIX_lang` (
  `id_lang` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `name` VARCHAR(32) NOT NULL,
  `active` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `iso_code` CHAR(2) NOT NULL,
  `language_code` VARCHAR(5) NOT NULL,
  `locale` VARCHAR(5) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_shop_group` (
  `id_shop_group` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `name` VARCHAR(64) NOT NULL,
  `share_customer` TINYINT(1) NOT NULL DEFAULT 0,
  `share_order` TINYINT(1) NOT NULL DEFAULT 0,
  `share_stock` TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_shop` (
  `id_shop` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop_group` INT(11) UNSIGNED NOT NULL,
  `name` VARCHAR(64) NOT NULL,
  `active` TINYINT(1) NOT NULL DEFAULT 1,
  `deleted` TINYINT(1) NOT NULL DEFAULT 0,
  KEY `id_shop_group` (`id_shop_group`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Configuration values resolve shop first, then shop group, then global (both ids NULL).
CREATE TABLE IF NOT EXISTS `PREFIX_configuration` (
  `id_configuration` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop_group` INT(11) UNSIGNED DEFAULT NULL,
  `id_shop` INT(11) UNSIGNED DEFAULT NULL,
  `name` VARCHAR(254) NOT NULL,
  `value` TEXT,
  `date_add` DATETIME NOT NULL,
  `date_upd` DATETIME NOT NULL,
  KEY `name` (`name`),
  KEY `id_shop` (`id_shop`),
  KEY `id_shop_group` (`id_shop_group`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- call_prefix has no '+'; the country of an address is the default region for its phone numbers.
CREATE TABLE IF NOT EXISTS `PREFIX_country` (
  `id_country` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_zone` INT(10) UNSIGNED NOT NULL,
  `id_currency` INT(10) UNSIGNED NOT NULL DEFAULT 0,
  `iso_code` VARCHAR(3) NOT NULL,
  `call_prefix` INT(10) NOT NULL DEFAULT 0,
  `active` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  KEY `country_iso_code` (`iso_code`),
  KEY `country_` (`id_zone`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_country_lang` (
  `id_country` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `name` VARCHAR(64) NOT NULL,
  PRIMARY KEY (`id_country`, `id_lang`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- type: 0 male, 1 female, 2 neutral. Customers may also hold id_gender 0 (unknown, no row here).
CREATE TABLE IF NOT EXISTS `PREFIX_gender` (
  `id_gender` INT(11) NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `type` TINYINT(1) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_gender_lang` (
  `id_gender` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `name` VARCHAR(20) NOT NULL,
  PRIMARY KEY (`id_gender`, `id_lang`),
  KEY `id_gender` (`id_gender`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- conversion_rate: units of this currency per unit of the default one (PS_CURRENCY_DEFAULT).
CREATE TABLE IF NOT EXISTS `PREFIX_currency` (
  `id_currency` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `iso_code` VARCHAR(3) NOT NULL DEFAULT '0',
  `conversion_rate` DECIMAL(13,6) NOT NULL,
  `deleted` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `active` TINYINT(1) UNSIGNED NOT NULL DEFAULT 1,
  KEY `currency_iso_code` (`iso_code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_currency_lang` (
  `id_currency` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `name` VARCHAR(255) NOT NULL,
  `symbol` VARCHAR(255) NOT NULL,
  PRIMARY KEY (`id_currency`, `id_lang`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- `group` is a reserved word: with an empty prefix the table is literally named group.
CREATE TABLE IF NOT EXISTS `PREFIX_group` (
  `id_group` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `reduction` DECIMAL(17,2) NOT NULL DEFAULT '0.00',
  `price_display_method` TINYINT NOT NULL DEFAULT 0,
  `show_prices` TINYINT(1) UNSIGNED NOT NULL DEFAULT 1,
  `date_add` DATETIME NOT NULL,
  `date_upd` DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_group_lang` (
  `id_group` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `name` VARCHAR(32) NOT NULL,
  PRIMARY KEY (`id_group`, `id_lang`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_group_shop` (
  `id_group` INT(11) UNSIGNED NOT NULL,
  `id_shop` INT(11) UNSIGNED NOT NULL,
  PRIMARY KEY (`id_group`, `id_shop`),
  KEY `id_shop` (`id_shop`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- birthday may hold '0000-00-00' (old data); company and siret are business markers.
CREATE TABLE IF NOT EXISTS `PREFIX_customer` (
  `id_customer` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_shop_group` INT(11) UNSIGNED NOT NULL DEFAULT 1,
  `id_shop` INT(11) UNSIGNED NOT NULL DEFAULT 1,
  `id_gender` INT(10) UNSIGNED NOT NULL,
  `id_default_group` INT(10) UNSIGNED NOT NULL DEFAULT 1,
  `id_lang` INT(10) UNSIGNED NULL,
  `company` VARCHAR(255) DEFAULT NULL,
  `siret` VARCHAR(14) DEFAULT NULL,
  `firstname` VARCHAR(255) NOT NULL,
  `lastname` VARCHAR(255) NOT NULL,
  `email` VARCHAR(255) NOT NULL,
  `birthday` DATE DEFAULT NULL,
  `newsletter` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `newsletter_date_add` DATETIME DEFAULT NULL,
  `optin` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `active` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `is_guest` TINYINT(1) NOT NULL DEFAULT 0,
  `deleted` TINYINT(1) NOT NULL DEFAULT 0,
  `date_add` DATETIME NOT NULL,
  `date_upd` DATETIME NOT NULL,
  KEY `customer_email` (`email`),
  KEY `id_gender` (`id_gender`),
  KEY `id_shop_group` (`id_shop_group`),
  KEY `id_shop` (`id_shop`, `date_add`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Group membership; id_default_group on customer is not membership.
CREATE TABLE IF NOT EXISTS `PREFIX_customer_group` (
  `id_customer` INT(10) UNSIGNED NOT NULL,
  `id_group` INT(10) UNSIGNED NOT NULL,
  PRIMARY KEY (`id_customer`, `id_group`),
  KEY `customer_login` (`id_group`),
  KEY `id_customer` (`id_customer`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- id_customer 0: a manufacturer, supplier or warehouse address. Phones are free text.
CREATE TABLE IF NOT EXISTS `PREFIX_address` (
  `id_address` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_country` INT(10) UNSIGNED NOT NULL,
  `id_state` INT(10) UNSIGNED DEFAULT NULL,
  `id_customer` INT(10) UNSIGNED NOT NULL DEFAULT 0,
  `alias` VARCHAR(32) NOT NULL,
  `company` VARCHAR(255) DEFAULT NULL,
  `lastname` VARCHAR(255) NOT NULL,
  `firstname` VARCHAR(255) NOT NULL,
  `address1` VARCHAR(128) NOT NULL,
  `address2` VARCHAR(128) DEFAULT NULL,
  `postcode` VARCHAR(12) DEFAULT NULL,
  `city` VARCHAR(64) NOT NULL,
  `phone` VARCHAR(32) DEFAULT NULL,
  `phone_mobile` VARCHAR(32) DEFAULT NULL,
  `date_add` DATETIME NOT NULL,
  `date_upd` DATETIME NOT NULL,
  `active` TINYINT(1) UNSIGNED NOT NULL DEFAULT 1,
  `deleted` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  KEY `address_customer` (`id_customer`),
  KEY `id_country` (`id_country`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- logable marks a real sale: orders.valid copies it from the current state.
CREATE TABLE IF NOT EXISTS `PREFIX_order_state` (
  `id_order_state` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `send_email` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `module_name` VARCHAR(255) DEFAULT NULL,
  `hidden` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `logable` TINYINT(1) NOT NULL DEFAULT 0,
  `delivery` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `shipped` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `paid` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  `deleted` TINYINT(1) UNSIGNED NOT NULL DEFAULT 0,
  KEY `module_name` (`module_name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `PREFIX_order_state_lang` (
  `id_order_state` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `name` VARCHAR(64) NOT NULL,
  `template` VARCHAR(64) NOT NULL,
  PRIMARY KEY (`id_order_state`, `id_lang`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Amounts are in the order's currency; amount / conversion_rate is in the default currency.
-- invoice_date is '0000-00-00 00:00:00' until the order is invoiced, as PrestaShop writes it.
CREATE TABLE IF NOT EXISTS `PREFIX_orders` (
  `id_order` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `reference` VARCHAR(255) DEFAULT NULL,
  `id_shop_group` INT(11) UNSIGNED NOT NULL DEFAULT 1,
  `id_shop` INT(11) UNSIGNED NOT NULL DEFAULT 1,
  `id_carrier` INT(10) UNSIGNED NOT NULL,
  `id_lang` INT(10) UNSIGNED NOT NULL,
  `id_customer` INT(10) UNSIGNED NOT NULL,
  `id_cart` INT(10) UNSIGNED NOT NULL,
  `id_currency` INT(10) UNSIGNED NOT NULL,
  `id_address_delivery` INT(10) UNSIGNED NOT NULL,
  `id_address_invoice` INT(10) UNSIGNED NOT NULL,
  `current_state` INT(10) UNSIGNED NOT NULL,
  `payment` VARCHAR(255) NOT NULL,
  `conversion_rate` DECIMAL(13,6) NOT NULL DEFAULT 1,
  `module` VARCHAR(255) DEFAULT NULL,
  `total_paid` DECIMAL(20,6) NOT NULL DEFAULT '0.00',
  `total_paid_tax_incl` DECIMAL(20,6) NOT NULL DEFAULT '0.00',
  `total_paid_tax_excl` DECIMAL(20,6) NOT NULL DEFAULT '0.00',
  `total_paid_real` DECIMAL(20,6) NOT NULL DEFAULT '0.00',
  `invoice_date` DATETIME NOT NULL,
  `valid` INT(1) UNSIGNED NOT NULL DEFAULT 0,
  `date_add` DATETIME NOT NULL,
  KEY `reference` (`reference`),
  KEY `id_customer` (`id_customer`),
  KEY `id_cart` (`id_cart`),
  KEY `id_currency` (`id_currency`),
  KEY `id_address_delivery` (`id_address_delivery`),
  KEY `id_address_invoice` (`id_address_invoice`),
  KEY `id_shop_group` (`id_shop_group`),
  KEY `current_state` (`current_state`),
  KEY `id_shop` (`id_shop`),
  KEY `date_add` (`date_add`),
  KEY `invoice_date` (`invoice_date`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per state an order went through; the newest row is the order's current_state.
CREATE TABLE IF NOT EXISTS `PREFIX_order_history` (
  `id_order_history` INT(10) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_employee` INT(10) UNSIGNED NOT NULL,
  `id_order` INT(10) UNSIGNED NOT NULL,
  `id_order_state` INT(10) UNSIGNED NOT NULL,
  `date_add` DATETIME NOT NULL,
  KEY `order_history_order` (`id_order`),
  KEY `id_employee` (`id_employee`),
  KEY `id_order_state` (`id_order_state`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Where the tracking number lives since PrestaShop 8.0 removed orders.shipping_number.
CREATE TABLE IF NOT EXISTS `PREFIX_order_carrier` (
  `id_order_carrier` INT(11) NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `id_order` INT(11) UNSIGNED NOT NULL,
  `id_carrier` INT(11) UNSIGNED NOT NULL,
  `tracking_number` VARCHAR(64) DEFAULT NULL,
  `date_add` DATETIME NOT NULL,
  KEY `id_order` (`id_order`),
  KEY `id_carrier` (`id_carrier`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
