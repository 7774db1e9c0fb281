<?php
/**
 * uninstall() removes the hooks and the menu but keeps every Shopcast table, row, the secret and
 * the service URLs the merchant set; installing again finds them and adds nothing twice.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', 'http://127.0.0.1:1');
Configuration::updateGlobalValue('SHOPCAST_PUBLIC_URL', 'https://shop.example.com/sc');
Hook::exec('actionOrderEdited', array('order' => Order::make(7, array('id_shop' => 1, 'id_customer' => 3))));
$outbox = shopcast_test_rows('shopcast_event_outbox');
$ledger = shopcast_test_rows('shopcast_migration');
$secret = ShopcastSecret::read();
$tables = shopcast_test_tables();
check(count($outbox) > 0 && $secret !== null, 'there is data to keep');

check($module->uninstall(), 'uninstall() returns true');
check(!Module::isInstalled('shopcast'), 'the module is no longer installed');
$hooks = Db::getInstance()->executeS('SELECT * FROM `' . _DB_PREFIX_ . 'hook_module`');
check_same(array(), $hooks, 'no hook registration is left');
$tabs = Db::getInstance()->executeS('SELECT `class_name` FROM `' . _DB_PREFIX_ . "tab` WHERE `class_name` LIKE 'AdminShopcast%'");
check_same(array(), $tabs, 'no menu entry is left');
check_same('http://127.0.0.1:1', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'the service URL is kept');
check_same('https://shop.example.com/sc', Configuration::getGlobalValue('SHOPCAST_PUBLIC_URL'), 'the back-office URL is kept');
check_same($tables, shopcast_test_tables(), 'every Shopcast table is kept');
check_same($outbox, shopcast_test_rows('shopcast_event_outbox'), 'outbox rows are kept');
check_same($secret, ShopcastSecret::read(), 'the secret is kept');

$again = Module::getInstanceByName('shopcast');
check($again->install(), 'installing again succeeds; errors: ' . implode('; ', $again->getErrors()));
check_same($ledger, shopcast_test_rows('shopcast_migration'), 'reinstalling applies no migration twice');
check_same($outbox, shopcast_test_rows('shopcast_event_outbox'), 'reinstalling keeps the rows');
check_same($secret, ShopcastSecret::read(), 'reinstalling keeps the secret');
$tabs = Db::getInstance()->executeS('SELECT `class_name` FROM `' . _DB_PREFIX_ . "tab` WHERE `class_name` LIKE 'AdminShopcast%'");
check_same(6, count($tabs), 'the menu is back, once');
check($again->isRegisteredInHook('actionValidateOrder'), 'the hooks are back');
check_same('http://127.0.0.1:1', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'reinstalling keeps the merchant\'s service URL');
check_same('https://shop.example.com/sc', $again->getPublicUrl(), 'and the back-office URL');
