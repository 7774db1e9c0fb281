<?php
/**
 * The back-office pages: each menu entry's controller frames {public URL}/admin/#page=...&
 * token=...&lang=... for a valid employee token, and refuses without one. Writes the tokens it
 * minted (and a fixed-claims token and wake signature) to SHOPCAST_TEST_OUT: mocha verifies
 * them with the service's own verifyAdminToken/verifyIngress.
 */
require __DIR__ . '/lib/bootstrap.php';

$module = shopcast_test_installed_module();
Configuration::updateGlobalValue('SHOPCAST_SERVICE_URL', 'http://127.0.0.1:8080');
Configuration::deleteByName('SHOPCAST_PUBLIC_URL');

$pages = array(
    'AdminShopcastMarketing' => 'marketing',
    'AdminShopcastNotifications' => 'notifications',
    'AdminShopcastCampaignHistory' => 'campaign-history',
    'AdminShopcastNotificationHistory' => 'notification-history',
    'AdminShopcastSettings' => 'settings',
);

/** A fresh request to one controller, as the dispatcher would make it. */
function shopcast_test_open($className, $token = null)
{
    require_once _PS_MODULE_DIR_ . 'shopcast/controllers/admin/' . $className . 'Controller.php';
    Context::getContext()->smarty = new Smarty();
    $class = $className . 'Controller';
    $controller = new $class();
    $_GET = array('controller' => $className, 'token' => $token === null ? $controller->token : $token);
    $controller->initContent();

    return $controller;
}

$context = Context::getContext();
$context->employee->id = 12;
$context->language->iso_code = 'fr';
Shop::$contextShopIds = array(1 => 1, 3 => 3);

$minted = array();
$before = time();
foreach ($pages as $className => $page) {
    $controller = shopcast_test_open($className);
    check($controller->bootstrap === true, $className . ' uses the bootstrap back-office layout');
    check_same(array(), $controller->errors, $className . ' shows no error');
    check_same('embed.tpl', $controller->template, $className . ' renders the embed template');
    $url = $context->smarty->getTemplateVars('shopcast_frame_url');
    $prefix = 'http://127.0.0.1:8080/admin/#page=' . $page . '&token=';
    check(strpos((string) $url, $prefix) === 0, $className . ' frames ' . $prefix . '..., got ' . $url);
    parse_str((string) parse_url($url, PHP_URL_FRAGMENT), $fragment);
    check_same('fr', isset($fragment['lang']) ? $fragment['lang'] : null, $className . ' passes the employee language');
    $minted[] = array('page' => $page, 'token' => isset($fragment['token']) ? $fragment['token'] : '', 'minted_at' => $before);
}
check(is_file(_PS_MODULE_DIR_ . 'shopcast/views/templates/admin/embed.tpl'), 'the embed template exists');

// English employee, one shop, a public URL set for the browser.
Configuration::updateGlobalValue('SHOPCAST_PUBLIC_URL', 'https://shop.example.com/shopcast');
$context->language->iso_code = 'en';
Shop::$contextShopIds = array(2 => 2);
shopcast_test_open('AdminShopcastSettings');
$url = $context->smarty->getTemplateVars('shopcast_frame_url');
check(strpos($url, 'https://shop.example.com/shopcast/admin/#page=settings&token=') === 0, 'the browser-facing URL is used when set: ' . $url);
check(substr($url, -8) === '&lang=en', 'other languages get the English page: ' . $url);
parse_str(parse_url($url, PHP_URL_FRAGMENT), $fragment);
$minted[] = array('page' => 'settings', 'token' => $fragment['token'], 'minted_at' => $before);

$badToken = shopcast_test_open('AdminShopcastMarketing', 'not-the-token');
check(count($badToken->errors) === 1 && $badToken->template === null, 'a wrong employee token gets an error, not a page');
check_same(null, $context->smarty->getTemplateVars('shopcast_frame_url'), 'no service token is minted on a wrong employee token');

AdminController::$viewAccess = false;
$denied = shopcast_test_open('AdminShopcastMarketing');
check(count($denied->errors) === 1 && $context->smarty->getTemplateVars('shopcast_frame_url') === null, 'a profile without view access gets no token');
AdminController::$viewAccess = true;

$secret = ShopcastSecret::read();
$body = '{"id_event":42,"event":"order_state","id_shop":1}';
output_json(array(
    'secret' => $secret,
    'minted' => $minted,
    'fixed' => array(
        'claims' => array('shops' => array(1, 3), 'employee' => 12, 'exp' => 2000000000, 'lang' => 'fr'),
        'token' => ShopcastSigner::adminToken($secret, array(1 => 1, 3 => '3'), '12', 2000000000, 'fr'),
    ),
    'ingress' => array('body' => $body, 't' => 1700000000, 'header' => ShopcastSigner::ingressSignature($secret, $body, 1700000000)),
    'ttl' => ShopcastAdminPageController::TOKEN_TTL_SECONDS,
));
