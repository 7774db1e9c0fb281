<?php
/**
 * install(): Shopcast's tables from the SQL files, the ledger, the secret, the service URL, the
 * hooks and the back-office menu; a second migrate (the 0.1.0 upgrade) changes nothing.
 */
require __DIR__ . '/lib/bootstrap.php';

Shop::$featureActive = true;
$module = Module::getInstanceByName('shopcast');
check($module->install(), 'install() returns true; errors: ' . implode('; ', $module->getErrors()));
check_same(Shop::CONTEXT_ALL, Shop::$context, 'multistore install runs in the all-shops context');

$sqlDir = ShopcastMigrator::locateSqlDir(_PS_MODULE_DIR_ . 'shopcast');
if (is_dir(_PS_MODULE_DIR_ . 'shopcast/sql')) {
    check_same(_PS_MODULE_DIR_ . 'shopcast/sql', $sqlDir, 'a packaged module reads its own sql/ folder');
}
$expectedTables = array();
foreach (glob($sqlDir . '/[0-9][0-9][0-9]_*.sql') as $file) {
    preg_match_all('/CREATE TABLE IF NOT EXISTS `PREFIX_(\w+)`/', file_get_contents($file), $m);
    $expectedTables = array_merge($expectedTables, $m[1]);
}
sort($expectedTables);
check_same($expectedTables, shopcast_test_tables(), 'every table of the SQL files exists with the live prefix');

$charsets = Db::getInstance()->executeS(
    'SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE \''
    . str_replace('_', '\\\\_', _DB_PREFIX_ . 'shopcast_') . '%\''
);
foreach ($charsets as $row) {
    check(strpos($row['TABLE_COLLATION'], 'utf8mb4') === 0, $row['TABLE_NAME'] . ' is utf8mb4, got ' . $row['TABLE_COLLATION']);
}

$ledger = shopcast_test_rows('shopcast_migration');
$files = glob($sqlDir . '/[0-9][0-9][0-9]_*.sql');
$expectedLedger = array();
foreach ($files as $file) {
    if (preg_match('/^(\d{3})_([a-z0-9_]+)\.sql$/', basename($file), $m) && (int) $m[1] > 0) {
        $expectedLedger[] = array('version' => (string) (int) $m[1], 'name' => $m[2], 'checksum' => hash_file('sha256', $file));
    }
}
$actualLedger = array();
foreach ($ledger as $row) {
    $actualLedger[] = array('version' => $row['version'], 'name' => $row['name'], 'checksum' => $row['checksum']);
    check(abs(strtotime($row['applied_at'] . ' UTC') - time()) < 120, 'applied_at is a UTC time: ' . $row['applied_at']);
}
check_same($expectedLedger, $actualLedger, 'one ledger row per migration with the sha256 of its file');

$secret = ShopcastSecret::read();
check(preg_match('/^[0-9a-f]{64}$/', (string) $secret) === 1, 'a 64-hex secret is made');
$encrypted = (string) Configuration::getGlobalValue('SHOPCAST_SECRET');
check($encrypted !== '' && strpos($encrypted, (string) $secret) === false, 'the module keeps it in Configuration, encrypted');
$row = shopcast_test_rows('shopcast_setting', "`name` = 'module_secret'");
if (shopcast_test_rows('shopcast_setting', "`name` = 'module_seal_public_key'")) {
    check(count($row) === 1 && strpos($row[0]['value'], 'sealed:v1:') === 0, 'the service has a key: the secret is sealed for it');
    check($row && $row[0]['id_shop'] === '0' && $row[0]['is_secret'] === '1', 'the sealed secret is shared (id_shop 0) and flagged secret');
} else {
    check_same(array(), $row, 'no key yet (the service never ran here): nothing is written for it');
    check(strpos($module->getContent(), 'has not started on this database yet') !== false, 'the configure page says the service has not started here yet');
}
$dump = json_encode(array(shopcast_test_rows('shopcast_setting'), Db::getInstance()->executeS('SELECT * FROM `' . _DB_PREFIX_ . 'configuration`')));
check(strpos($dump, (string) $secret) === false, 'no table holds the secret in plain text');

check_same('http://127.0.0.1:8080', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'default service URL');

$hooks = array(
    'actionOrderStatusPostUpdate', 'actionPaymentConfirmation', 'actionValidateOrder', 'actionCustomerAccountAdd',
    'actionAdminOrdersTrackingNumberUpdate', 'actionOrderSlipAdd', 'actionOrderEdited', 'actionOrderReturn',
);
foreach ($hooks as $hook) {
    check($module->isRegisteredInHook($hook), 'registered on ' . $hook);
    check(method_exists($module, 'hook' . ucfirst($hook)), 'has hook' . ucfirst($hook) . '()');
}

$parent = new Tab(Tab::getIdFromClassName('AdminShopcast'));
check($parent->id && $parent->id_parent === Tab::getIdFromClassName('IMPROVE'), 'the Shopcast menu sits under Improve');
$children = array(
    'AdminShopcastMarketing' => 'SMS marketing',
    'AdminShopcastNotifications' => 'Notifications',
    'AdminShopcastCampaignHistory' => 'Historique des campagnes',
    'AdminShopcastNotificationHistory' => 'Historique des notifications',
    'AdminShopcastSettings' => 'Paramètres',
);
foreach ($children as $className => $frenchName) {
    $tab = new Tab(Tab::getIdFromClassName($className));
    check($tab->id && $tab->id_parent === $parent->id && $tab->module === 'shopcast', $className . ' is a module tab under the Shopcast entry');
    check(isset($tab->name[2]) && $tab->name[2] === $frenchName, $className . ' has its French name');
    check(is_file(_PS_MODULE_DIR_ . 'shopcast/controllers/admin/' . $className . 'Controller.php'), $className . ' has its controller');
}

require_once _PS_MODULE_DIR_ . 'shopcast/upgrade/upgrade-0.1.0.php';
Db::$log = array();
check(upgrade_module_0_1_0($module), 'the 0.1.0 upgrade succeeds on an installed shop');
check_same(count($ledger), count(shopcast_test_rows('shopcast_migration')), 'the upgrade applies nothing twice');
check_same($secret, ShopcastSecret::read(), 'the upgrade keeps the secret');

output_json(array('secret' => $secret));
