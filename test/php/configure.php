<?php
/**
 * The configure page: URL validation (a bad value changes nothing), the connection test against
 * fake services started by mocha (SHOPCAST_TEST_HEALTH_<OK|DEGRADED|BOGUS|HANG|DOWN> URLs),
 * secret rotation, French texts, and the explicit delete-all-data action followed by re-creating
 * the tables.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', 'http://127.0.0.1:8080');
Configuration::deleteByName('SHOPCAST_PUBLIC_URL');

$page = $module->getContent();
foreach (array('submitShopcastSettings', 'submitShopcastTestConnection', 'submitShopcastRotateSecret', 'submitShopcastDeleteData') as $button) {
    check(strpos($page, 'name="' . $button . '"') !== false, 'the page offers ' . $button);
}
check(strpos($page, 'value="http://127.0.0.1:8080"') !== false, 'the page shows the service URL');
$secret = ShopcastSecret::read();
check(strpos($page, substr($secret, -4)) !== false && strpos($page, $secret) === false, 'the page shows the masked secret, never the secret');

foreach (array('ftp://example.com', 'javascript:alert(1)', 'http://user:pw@example.com', 'http://example.com/?a=1', 'http://example.com/#x', 'example.com', '') as $bad) {
    shopcast_test_post(array('submitShopcastSettings' => 1, 'SHOPCAST_SERVICE_URL' => $bad, 'SHOPCAST_PUBLIC_URL' => ''));
    $html = $module->getContent();
    check(strpos($html, 'alert-danger') !== false, 'refuses service URL ' . var_export($bad, true));
    check_same('http://127.0.0.1:8080', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'a refused URL changes nothing (' . $bad . ')');
}
shopcast_test_post(array('submitShopcastSettings' => 1, 'SHOPCAST_SERVICE_URL' => 'http://10.0.0.5:9090', 'SHOPCAST_PUBLIC_URL' => 'not a url'));
check(strpos($module->getContent(), 'alert-danger') !== false, 'refuses a bad back-office URL');
check_same('http://127.0.0.1:8080', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'a bad back-office URL saves neither URL');

shopcast_test_post(array('submitShopcastSettings' => 1, 'SHOPCAST_SERVICE_URL' => ' https://sms.example.com/shopcast/ ', 'SHOPCAST_PUBLIC_URL' => 'https://shop.example.com/sc/'));
check(strpos($module->getContent(), 'alert-success') !== false, 'accepts an https URL with a path');
check_same('https://sms.example.com/shopcast', Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'the saved URL is trimmed, without trailing slash');
check_same('https://shop.example.com/sc', Configuration::getGlobalValue('SHOPCAST_PUBLIC_URL'), 'the back-office URL is saved');

/** Runs the connection test against one fake service; returns the message HTML and seconds. */
function shopcast_test_connection($module, $url)
{
    Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', $url);
    shopcast_test_post(array('submitShopcastTestConnection' => 1));
    $t0 = microtime(true);
    $html = $module->getContent();

    return array(substr($html, 0, strpos($html, '<form')), microtime(true) - $t0);
}

list($html) = shopcast_test_connection($module, getenv('SHOPCAST_TEST_HEALTH_OK'));
check(strpos($html, 'alert-success') !== false && strpos($html, 'HTTP 200') !== false && strpos($html, 'database ok') !== false, 'a healthy service is reported as such: ' . $html);
check(strpos($html, 'SMS provider sandbox configured') !== false, 'the provider is named: ' . $html);
list($html) = shopcast_test_connection($module, getenv('SHOPCAST_TEST_HEALTH_DEGRADED'));
check(strpos($html, 'alert-warning') !== false && strpos($html, 'HTTP 503') !== false && strpos($html, 'migrations pending') !== false, 'a degraded service is a warning: ' . $html);
list($html) = shopcast_test_connection($module, getenv('SHOPCAST_TEST_HEALTH_BOGUS'));
check(strpos($html, 'alert-danger') !== false && strpos($html, 'health report') !== false, 'something else than Shopcast is an error: ' . $html);
list($html, $seconds) = shopcast_test_connection($module, getenv('SHOPCAST_TEST_HEALTH_DOWN'));
check(strpos($html, 'alert-danger') !== false && strpos($html, 'Could not reach') !== false, 'a down service is an error: ' . $html);
list($html, $seconds) = shopcast_test_connection($module, getenv('SHOPCAST_TEST_HEALTH_HANG'));
check(strpos($html, 'alert-danger') !== false && $seconds >= 1.9 && $seconds < 2.6, sprintf('a service that never answers is given up after 2 s (took %.2f s): %s', $seconds, $html));
$hangSeconds = $seconds;

$context = Context::getContext();
$context->language->iso_code = 'fr';
shopcast_test_post(array('submitShopcastSettings' => 1, 'SHOPCAST_SERVICE_URL' => 'http://127.0.0.1:8080', 'SHOPCAST_PUBLIC_URL' => ''));
$html = $module->getContent();
check(strpos($html, 'Paramètres enregistrés.') !== false, 'French employees read French messages');
check(strpos($html, 'Tester la connexion') !== false, 'and French buttons');
$context->language->iso_code = 'en';

shopcast_test_post(array('submitShopcastRotateSecret' => 1));
$html = $module->getContent();
$rotated = ShopcastSecret::read();
check($rotated !== $secret && preg_match('/^[0-9a-f]{64}$/', $rotated), 'rotation stores a new 64-hex secret');
check(strpos($html, 'within seconds, without a restart') !== false && strpos($html, 'SHOPCAST_MODULE_SECRET') !== false, 'rotation says the service follows it and names the environment variable');
$sealedRows = shopcast_test_rows('shopcast_setting', "`name` = 'module_secret'");
check(count($sealedRows) === 1 && strpos($sealedRows[0]['value'], 'sealed:v1:') === 0, 'rotation keeps one secret row, sealed for the service');
check(strpos($html, 'has not started on this database yet') === false, 'the page does not say the service is missing: its key is there');

$outboxBefore = count(shopcast_test_rows('shopcast_event_outbox'));
Hook::exec('actionOrderEdited', array('order' => Order::make(5, array('id_shop' => 1, 'id_customer' => 2))));
shopcast_test_post(array('submitShopcastDeleteData' => 1, 'SHOPCAST_CONFIRM_DELETE' => '0'));
check(strpos($module->getContent(), 'alert-danger') !== false, 'deleting without the confirmation box is refused');
check_same($outboxBefore + 1, count(shopcast_test_rows('shopcast_event_outbox')), 'and deletes nothing');

shopcast_test_post(array('submitShopcastDeleteData' => 1, 'SHOPCAST_CONFIRM_DELETE' => '1'));
$html = $module->getContent();
check(strpos($html, 'alert-success') !== false, 'confirmed deletion succeeds: ' . substr($html, 0, 300));
check_same(array(), shopcast_test_tables(), 'confirmed deletion drops every Shopcast table');
check_same(false, Configuration::getGlobalValue('SHOPCAST_SERVICE_URL'), 'and forgets the service URL');
check_same(false, Configuration::getGlobalValue('SHOPCAST_PUBLIC_URL'), 'and the back-office URL');
check_same(null, ShopcastSecret::read(), 'and the module\'s copy of the secret');
check(strpos($html, 'name="submitShopcastMigrate"') !== false, 'the page then offers to create the tables');

$t0 = microtime(true);
Hook::exec('actionOrderEdited', array('order' => Order::make(5, array('id_shop' => 1, 'id_customer' => 2))));
check(microtime(true) - $t0 < 1.5, 'a hook without tables returns at once');
$logged = array_filter(PrestaShopLogger::$logs, function ($log) {
    return strpos($log['message'], 'could not record actionOrderEdited') !== false && $log['severity'] === 3;
});
check(count($logged) === 1, 'a hook without tables logs an error instead of throwing');

$_GET = array('token' => 'x');
require_once _PS_MODULE_DIR_ . 'shopcast/controllers/admin/AdminShopcastMarketingController.php';
$controller = new AdminShopcastMarketingController();
$_GET['token'] = $controller->token;
$controller->initContent();
check(count($controller->errors) === 1 && $controller->template === null, 'the admin pages say the tables are missing');

shopcast_test_post(array('submitShopcastMigrate' => 1));
$html = $module->getContent();
check(strpos($html, 'alert-success') !== false, 'the tables can be created again: ' . substr($html, 0, 300));
check(count(shopcast_test_tables()) > 0 && count(shopcast_test_rows('shopcast_migration')) > 0, 'tables and ledger are back');
check(preg_match('/^[0-9a-f]{64}$/', (string) ShopcastSecret::read()) === 1, 'with a new secret');
check(strpos($html, 'name="submitShopcastDeleteData"') !== false, 'and the delete action is offered again');

output_json(array('hang_seconds' => $hangSeconds));
