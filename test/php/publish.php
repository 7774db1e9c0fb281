<?php
/**
 * What a back-office page does for the secret: make sure the module has one (installing the
 * module first on a new database), then seal it for the service when the service's public key is
 * not the one it was sealed with. Reports the secret and what happened to SHOPCAST_TEST_OUT.
 */
require __DIR__ . '/lib/bootstrap.php';

shopcast_test_installed_module();
$secret = ShopcastSecret::ensure();
$published = ShopcastSecret::publishIfStale();
check(strpos((string) Configuration::getGlobalValue('SHOPCAST_SECRET'), $secret) === false, 'Configuration holds the secret encrypted');

output_json(array('secret' => $secret, 'published' => $published, 'sealed' => ShopcastSecret::isSealed()));
