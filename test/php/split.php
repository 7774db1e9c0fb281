<?php
/**
 * Prints, as JSON, how the module's migrator splits each file given as an argument, so that
 * mocha can compare it with the service's splitStatements() on the same bytes. No database.
 */
define('_PS_VERSION_', '8.1.7');
require dirname(dirname(__DIR__)) . '/module/shopcast/classes/ShopcastMigrator.php';

$result = array();
foreach (array_slice($argv, 1) as $file) {
    $result[$file] = ShopcastMigrator::splitStatements(file_get_contents($file));
}
echo json_encode($result, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
