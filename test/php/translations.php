<?php
/**
 * Every string the module passes to l() (PHP) or {l s=... mod='shopcast'} (templates) has an
 * entry in translations/fr.php and translations/en.php under PrestaShop's legacy key
 * ("<{shopcast}prestashop>" . source . "_" . md5), and no entry is left over from a string
 * that is gone. Argument: the module folder.
 */
require __DIR__ . '/lib/check.php';

$moduleDir = $argv[1];
$strings = array();
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($moduleDir, FilesystemIterator::SKIP_DOTS));
foreach ($files as $file) {
    $path = $file->getPathname();
    if (substr($path, -4) === '.php' && strpos($path, '/translations/') === false) {
        $strings = array_merge($strings, php_strings($path));
    } elseif (substr($path, -4) === '.tpl') {
        preg_match_all("/\\{l s='((?:[^'\\\\]|\\\\.)*)' mod='shopcast'/", file_get_contents($path), $m);
        foreach ($m[1] as $raw) {
            $strings[] = array(stripslashes($raw), basename($path, '.tpl'), $path);
        }
    }
}
check(count($strings) > 20, 'found the module strings (' . count($strings) . ')');

foreach (array('fr', 'en') as $iso) {
    $_MODULE = array();
    include $moduleDir . '/translations/' . $iso . '.php';
    $expected = array();
    foreach ($strings as $entry) {
        list($text, $source, $path) = $entry;
        $key = strtolower('<{shopcast}prestashop>' . $source) . '_' . md5(str_replace('\'', '\\\'', $text));
        $expected[$key] = true;
        check(isset($_MODULE[$key]) && $_MODULE[$key] !== '', sprintf("%s.php lacks %s (%s): %s", $iso, $key, basename($path), $text));
    }
    foreach (array_diff_key($_MODULE, $expected) as $key => $value) {
        check(false, sprintf('%s.php has an entry for a string the module no longer uses: %s => %s', $iso, $key, $value));
    }
}

/**
 * [text, source, file] of each ->l('literal'[, 'source']) call.
 */
function php_strings($path)
{
    $tokens = array_values(array_filter(token_get_all(file_get_contents($path)), function ($t) {
        return !is_array($t) || $t[0] !== T_WHITESPACE;
    }));
    $found = array();
    foreach ($tokens as $i => $t) {
        if (!is_array($t) || $t[0] !== T_STRING || $t[1] !== 'l' || !isset($tokens[$i + 2]) || $tokens[$i - 1][0] !== T_OBJECT_OPERATOR) {
            continue;
        }
        $arg = $tokens[$i + 2];
        check(is_array($arg) && $arg[0] === T_CONSTANT_ENCAPSED_STRING && $arg[1][0] === "'", basename($path) . ' line ' . (is_array($arg) ? $arg[2] : '?') . ': l() takes a single-quoted literal');
        $source = 'shopcast';
        if ($tokens[$i + 3] === ',' && is_array($tokens[$i + 4]) && $tokens[$i + 4][0] === T_CONSTANT_ENCAPSED_STRING) {
            $source = substr($tokens[$i + 4][1], 1, -1);
        }
        $found[] = array(str_replace(array("\\'", '\\\\'), array("'", '\\'), substr($arg[1], 1, -1)), $source, $path);
    }

    return $found;
}
