<?php
/**
 * The configure page's optional indexes: offered while missing, added on request on
 * PrestaShop's orders, address and customer tables, then reported in place; adding twice adds
 * nothing.
 */
require __DIR__ . '/lib/bootstrap.php';

$p = _DB_PREFIX_;
// The three PrestaShop tables the indexes go on, with the columns they cover.
Db::getInstance()->execute("CREATE TABLE IF NOT EXISTS `{$p}orders` (`id_order` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `id_customer` INT UNSIGNED NOT NULL, `valid` INT(1) NOT NULL DEFAULT 0, `date_add` DATETIME NOT NULL, `total_paid_tax_incl` DECIMAL(20,6) NOT NULL DEFAULT 0, `conversion_rate` DECIMAL(13,6) NOT NULL DEFAULT 1, KEY `id_customer` (`id_customer`)) DEFAULT CHARSET=utf8mb4");
Db::getInstance()->execute("CREATE TABLE IF NOT EXISTS `{$p}address` (`id_address` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `date_upd` DATETIME NOT NULL) DEFAULT CHARSET=utf8mb4");
Db::getInstance()->execute("CREATE TABLE IF NOT EXISTS `{$p}customer` (`id_customer` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `id_shop` INT UNSIGNED NOT NULL DEFAULT 1, `deleted` TINYINT(1) NOT NULL DEFAULT 0, `active` TINYINT(1) NOT NULL DEFAULT 0, `newsletter` TINYINT(1) NOT NULL DEFAULT 0, `optin` TINYINT(1) NOT NULL DEFAULT 0, `date_add` DATETIME NOT NULL) DEFAULT CHARSET=utf8mb4");

$module = shopcast_test_installed_module();
check_same(array('shopcast_customer_valid_date' => false, 'shopcast_date_upd' => false, 'shopcast_customer_base' => false), ShopcastIndexes::status(), 'no optional index at first');
$page = $module->getContent();
check(strpos($page, 'name="submitShopcastAddIndexes"') !== false, 'the page offers to add the indexes');

shopcast_test_post(array('submitShopcastAddIndexes' => 1));
$html = $module->getContent();
check(strpos($html, 'alert-success') !== false && strpos($html, 'shopcast_customer_valid_date, shopcast_date_upd, shopcast_customer_base') !== false, 'all three are added: ' . substr($html, 0, 300));
check_same(array('shopcast_customer_valid_date' => true, 'shopcast_date_upd' => true, 'shopcast_customer_base' => true), ShopcastIndexes::status(), 'all three are in place');
$columns = array();
foreach (Db::getInstance()->executeS("SHOW INDEX FROM `{$p}orders` WHERE `Key_name` = 'shopcast_customer_valid_date'") as $row) {
    $columns[(int) $row['Seq_in_index']] = $row['Column_name'];
}
ksort($columns);
check_same(array('id_customer', 'valid', 'date_add', 'total_paid_tax_incl', 'conversion_rate'), array_values($columns), 'the orders index covers what order-window counts read');
$columns = array();
foreach (Db::getInstance()->executeS("SHOW INDEX FROM `{$p}customer` WHERE `Key_name` = 'shopcast_customer_base'") as $row) {
    $columns[(int) $row['Seq_in_index']] = $row['Column_name'];
}
ksort($columns);
check_same(array('id_shop', 'deleted', 'active', 'newsletter', 'optin', 'date_add'), array_values($columns), 'the customer index covers the base population and the commonest criteria');
check(strpos($html, 'name="submitShopcastAddIndexes"') === false, 'the button is gone once they are in place');
check_same(array(), ShopcastIndexes::addMissing(), 'adding again adds nothing');
