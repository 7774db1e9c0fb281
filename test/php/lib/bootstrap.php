<?php
/**
 * Loads the PrestaShop stand-ins and the module for one test script.
 * Environment: SHOPCAST_TEST_DB_URL (mysql://user:pass@host:port/database, required),
 * SHOPCAST_TEST_PREFIX (table prefix, default ps_), SHOPCAST_TEST_MODULE_DIR (the module folder,
 * default the repository's module/shopcast), SHOPCAST_TEST_COOKIE_KEY (the shop's _NEW_COOKIE_KEY_,
 * which parameters.php defines; a test changes it to stand for a shop moved without its files).
 */
error_reporting(E_ALL);
set_error_handler(function ($severity, $message, $file, $line) {
    // Any notice or warning is a test failure: PrestaShop in debug mode turns them into errors.
    throw new ErrorException($message, 0, $severity, $file, $line);
});

$moduleDir = getenv('SHOPCAST_TEST_MODULE_DIR') ?: dirname(dirname(dirname(__DIR__))) . '/module/shopcast';
define('_PS_VERSION_', getenv('SHOPCAST_TEST_PS_VERSION') ?: '8.1.7');
define('_DB_PREFIX_', getenv('SHOPCAST_TEST_PREFIX') ?: 'ps_');
define('_PS_MODULE_DIR_', dirname(realpath($moduleDir)) . '/');
define('_PS_ROOT_DIR_', dirname(_PS_MODULE_DIR_));
define('_NEW_COOKIE_KEY_', getenv('SHOPCAST_TEST_COOKIE_KEY') ?: 'def00000a5b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9');

$stubs = dirname(__DIR__) . '/stubs';
require_once $stubs . '/db.php';
require_once $stubs . '/store.php';
require_once $stubs . '/module.php';
require_once $stubs . '/context.php';
require_once $stubs . '/controllers.php';
require_once $stubs . '/objects.php';
require_once $stubs . '/encryption.php';
require_once __DIR__ . '/check.php';

shopcast_test_create_prestashop_tables();

/**
 * The module, installed first when this database does not have it yet.
 *
 * @return Shopcast
 */
function shopcast_test_installed_module()
{
    $module = Module::getInstanceByName('shopcast');
    if (!Module::isInstalled('shopcast') && !$module->install()) {
        throw new Exception('install failed: ' . implode('; ', $module->getErrors()));
    }

    return $module;
}

/** Rows of one of our tables, in insertion order. */
function shopcast_test_rows($table, $where = '1')
{
    return Db::getInstance()->executeS('SELECT * FROM `' . _DB_PREFIX_ . $table . '` WHERE ' . $where . ' ORDER BY 1');
}

/** Shopcast's tables present in the test database. */
function shopcast_test_tables()
{
    $rows = Db::getInstance()->executeS("SHOW TABLES LIKE '" . str_replace('_', '\\\\_', _DB_PREFIX_ . 'shopcast_') . "%'");
    $names = array();
    foreach ($rows as $row) {
        $names[] = substr(reset($row), strlen(_DB_PREFIX_));
    }
    sort($names);

    return $names;
}

/** What the POST of a form would set, for one getContent() call. */
function shopcast_test_post(array $fields)
{
    $_POST = $fields;
}
