<?php
/**
 * Plain assertions for the PHP test scripts: every failed check is printed, and the script
 * exits with 1 at the end when any failed (mocha reports stdout and stderr on failure).
 */
$GLOBALS['shopcast_checks'] = array('passed' => 0, 'failed' => array());

function check($condition, $message)
{
    if ($condition) {
        ++$GLOBALS['shopcast_checks']['passed'];
    } else {
        $GLOBALS['shopcast_checks']['failed'][] = $message;
    }
}

function check_same($expected, $actual, $message)
{
    check($expected === $actual, $message . ': expected ' . var_export($expected, true) . ', got ' . var_export($actual, true));
}

/** Writes the JSON a mocha test reads back (SHOPCAST_TEST_OUT), if it asked for one. */
function output_json(array $data)
{
    $file = getenv('SHOPCAST_TEST_OUT');
    if ($file) {
        file_put_contents($file, json_encode($data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
    }
}

register_shutdown_function(function () {
    $state = $GLOBALS['shopcast_checks'];
    foreach ($state['failed'] as $message) {
        fwrite(STDERR, 'FAILED: ' . $message . "\n");
    }
    $error = error_get_last();
    if ($error !== null && in_array($error['type'], array(E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR), true)) {
        exit(1);
    }
    echo sprintf("%d checks passed, %d failed\n", $state['passed'], count($state['failed']));
    if ($state['failed']) {
        exit(1);
    }
});
