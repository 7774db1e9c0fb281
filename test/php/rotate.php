<?php
/**
 * A secret rotation as the running service sees it: a hook wakes the service with the secret in
 * force, the merchant rotates it on the configure page (through getContent, as the button posts
 * it), then a hook wakes the service with the new one and a back-office page mints a token with
 * it. SHOPCAST_TEST_SERVICE_URL is the service; mocha checks what it accepted.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', getenv('SHOPCAST_TEST_SERVICE_URL'));
$before = ShopcastSecret::read();
$order = Order::make(5, array('id_shop' => 2, 'id_customer' => 2));

Hook::exec('actionOrderEdited', array('order' => $order));

shopcast_test_post(array('submitShopcastRotateSecret' => 1));
$html = $module->getContent();
check(strpos($html, 'alert-success') !== false, 'the rotation is confirmed: ' . substr($html, 0, 300));
$after = ShopcastSecret::read();
check($after !== null && $after !== $before, 'the rotation stored a new secret');

// Same PHP request: the hook must sign with the new secret, not the one it read before.
Hook::exec('actionOrderEdited', array('order' => $order));
$wakeLogs = array_values(array_filter(PrestaShopLogger::$logs, function ($log) {
    return strpos($log['message'], 'wake call') !== false;
}));

$context = Context::getContext();
$context->employee->id = 12;
$context->language->iso_code = 'fr';
Shop::$contextShopIds = array(2 => 2);
require_once _PS_MODULE_DIR_ . 'shopcast/controllers/admin/AdminShopcastMarketingController.php';
$controller = new AdminShopcastMarketingController();
parse_str((string) parse_url((string) $controller->buildFrameUrl(time()), PHP_URL_FRAGMENT), $fragment);
check(isset($fragment['token']), 'the page mints a token');

output_json(array('before' => $before, 'after' => $after, 'wake_logs' => $wakeLogs, 'token' => $fragment['token']));
