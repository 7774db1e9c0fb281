<?php
/**
 * Reports syntax (and a few functions) newer than PHP 7.2 in the files given as arguments; exits
 * 1 when it finds any. `php -l` cannot do this: the CLI installed here is a recent PHP, which
 * accepts its own syntax, and no PHP 7.2 binary is available. So the files are read with
 * token_get_all() of that recent PHP, which knows every newer token, and the scan looks for the
 * token patterns each construct produces. test/php/fixtures/ holds one file of newer constructs
 * (each must be reported) and one of tricky but valid 7.2 code (nothing may be reported).
 * Prints "file:line: construct" per finding.
 */
$newTokens = array(
    'T_FN' => 'arrow function (7.4)',
    'T_MATCH' => 'match expression (8.0)',
    'T_NULLSAFE_OBJECT_OPERATOR' => 'nullsafe operator (8.0)',
    'T_COALESCE_EQUAL' => 'null coalescing assignment (7.4)',
    'T_ATTRIBUTE' => 'attribute (8.0)',
    'T_ENUM' => 'enum (8.1)',
    'T_READONLY' => 'readonly (8.1)',
);
$newFunctions = array(
    'str_contains', 'str_starts_with', 'str_ends_with', 'get_debug_type', 'array_is_list', 'array_key_first',
    'array_key_last', 'is_countable', 'hrtime', 'mb_str_split', 'fdiv', 'get_resource_id', 'preg_last_error_msg',
    'json_validate', 'array_find', 'JSON_THROW_ON_ERROR',
);
$newTypes = array('mixed', 'never', 'null', 'false', 'true');
$modifiers = array(T_PUBLIC, T_PROTECTED, T_PRIVATE, T_VAR);
$typeTokens = array(T_STRING, T_ARRAY, T_CALLABLE, T_STATIC);
foreach (array('T_NAME_QUALIFIED', 'T_NAME_FULLY_QUALIFIED', 'T_NAME_RELATIVE') as $name) {
    if (defined($name)) {
        $typeTokens[] = constant($name);
    }
}

$findings = array();
foreach (array_slice($argv, 1) as $file) {
    foreach (scan_file($file) as $finding) {
        $findings[] = $file . ':' . $finding[0] . ': ' . $finding[1];
    }
}
echo implode("\n", $findings) . ($findings ? "\n" : '');
exit($findings ? 1 : 0);

/**
 * @return array[] list of [line, construct]
 */
function scan_file($file)
{
    global $newTokens, $newFunctions;
    $tokens = array();
    $line = 1;
    foreach (token_get_all(file_get_contents($file)) as $token) {
        if (is_array($token)) {
            $line = $token[2];
            if (in_array($token[0], array(T_WHITESPACE, T_COMMENT, T_DOC_COMMENT), true)) {
                continue;
            }
            $tokens[] = array('id' => $token[0], 'text' => $token[1], 'line' => $line);
        } else {
            $tokens[] = array('id' => $token, 'text' => $token, 'line' => $line);
        }
    }
    $found = array();
    $parens = array();
    $count = count($tokens);
    for ($i = 0; $i < $count; ++$i) {
        $t = $tokens[$i];
        $prev = $i > 0 ? $tokens[$i - 1] : null;
        $next = $i + 1 < $count ? $tokens[$i + 1] : null;
        $after = $i + 2 < $count ? $tokens[$i + 2] : null;
        foreach ($newTokens as $name => $label) {
            if (defined($name) && $t['id'] === constant($name)) {
                $found[] = array($t['line'], $label);
            }
        }
        if ($t['id'] === '(') {
            $parens[] = $prev;
        } elseif ($t['id'] === ')') {
            array_pop($parens);
        }
        if (($t['id'] === T_LNUMBER || $t['id'] === T_DNUMBER) && strpos($t['text'], '_') !== false) {
            $found[] = array($t['line'], 'numeric literal separator (7.4)');
        }
        if ($t['id'] === T_LNUMBER && stripos($t['text'], '0o') === 0) {
            $found[] = array($t['line'], 'explicit octal literal (8.1)');
        }
        if ($t['id'] === T_END_HEREDOC && preg_match('/^\s/', $t['text'])) {
            $found[] = array($t['line'], 'flexible heredoc (7.3)');
        }
        if (in_array($t['id'], $GLOBALS['modifiers'], true)) {
            if ($parens) {
                $found[] = array($t['line'], 'constructor promotion (8.0)');
            } else {
                $j = $i + 1;
                while ($j < $count && in_array($tokens[$j]['id'], array(T_STATIC, T_ABSTRACT, T_FINAL), true)) {
                    ++$j;
                }
                if ($j < $count && !in_array($tokens[$j]['id'], array(T_VARIABLE, T_FUNCTION, T_CONST), true)) {
                    $found[] = array($t['line'], 'typed property (7.4)');
                }
            }
        }
        if ($t['id'] === T_STATIC && $prev !== null && in_array($prev['id'], array(';', '{', '}'), true) && $next !== null
            && ($next['id'] === '?' || (in_array($next['id'], $GLOBALS['typeTokens'], true) && $after !== null && in_array($after['id'], array(T_VARIABLE, '|'), true)))) {
            $found[] = array($t['line'], 'typed property (7.4)');
        }
        if ($t['id'] === ':' && $prev !== null && preg_match('/^[A-Za-z_]\w*$/', $prev['text']) && $i >= 2
            && in_array($tokens[$i - 2]['id'], array('(', ','), true) && $parens && end($parens) !== null
            && !in_array(end($parens)['id'], array(T_FUNCTION), true)) {
            $found[] = array($t['line'], 'named argument (8.0)');
        }
        if ($t['id'] === ',' && $next !== null && $next['id'] === ')') {
            $opener = end($parens);
            if ($opener === null || $opener === false || !in_array($opener['id'], array(T_ARRAY, T_LIST), true)) {
                $found[] = array($t['line'], 'trailing comma in a call or parameter list (7.3/8.0)');
            }
        }
        if ($t['id'] === '(' && $next !== null && $next['id'] === T_ELLIPSIS && $after !== null && $after['id'] === ')') {
            $found[] = array($t['line'], 'first-class callable syntax (8.1)');
        }
        if ($t['id'] === T_CATCH) {
            $j = $i + 2;
            $hasVariable = false;
            while ($j < $count && $tokens[$j]['id'] !== ')') {
                $hasVariable = $hasVariable || $tokens[$j]['id'] === T_VARIABLE;
                ++$j;
            }
            if (!$hasVariable) {
                $found[] = array($t['line'], 'catch without variable (8.0)');
            }
        }
        if ($t['id'] === T_DOUBLE_COLON && $prev !== null && $prev['id'] === T_VARIABLE && $next !== null && $next['id'] === T_CLASS) {
            $found[] = array($t['line'], '::class on an object (8.0)');
        }
        if ($t['id'] === T_DOUBLE_COLON && $next !== null && $next['id'] === '{') {
            $found[] = array($t['line'], 'dynamic class constant fetch (8.3)');
        }
        if ($t['id'] === T_THROW && $prev !== null && in_array($prev['id'], array(T_COALESCE, '?', T_DOUBLE_ARROW, '=', T_BOOLEAN_AND, T_BOOLEAN_OR, T_LOGICAL_AND, T_LOGICAL_OR, ','), true)) {
            $found[] = array($t['line'], 'throw expression (8.0)');
        }
        if ($t['id'] === T_FINAL && $next !== null && $next['id'] === T_CONST) {
            $found[] = array($t['line'], 'final class constant (8.1)');
        }
        if ($t['id'] === T_CONST && $next !== null && $after !== null && preg_match('/^[?A-Za-z_\\\\]/', $next['text']) && $after['id'] !== '=' && $after['id'] !== ',') {
            $found[] = array($t['line'], 'typed class constant (8.3)');
        }
        if ($t['id'] === T_STRING && in_array(strtolower($t['text']), array_map('strtolower', $newFunctions), true)
            && ($prev === null || !in_array($prev['id'], array(T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION), true))) {
            $found[] = array($t['line'], $t['text'] . ' (newer than 7.2)');
        }
        if ($t['id'] === T_FUNCTION || (defined('T_FN') && $t['id'] === T_FN)) {
            $found = array_merge($found, scan_signature($tokens, $i));
        }
    }

    return $found;
}

/**
 * Parameter and return types of the function whose keyword is at $start.
 *
 * @return array[] list of [line, construct]
 */
function scan_signature(array $tokens, $start)
{
    $count = count($tokens);
    $i = $start + 1;
    while ($i < $count && $tokens[$i]['id'] !== '(') {
        ++$i;
    }
    $found = array();
    $depth = 0;
    $type = array();
    $seenVariable = false;
    for (; $i < $count; ++$i) {
        $id = $tokens[$i]['id'];
        if ($id === '(' || $id === '[') {
            ++$depth;
            if ($depth === 1) {
                continue;
            }
        } elseif ($id === ')' || $id === ']') {
            --$depth;
            if ($depth === 0) {
                $found = array_merge($found, check_type($type, $tokens[$i]['line'], false));
                break;
            }
        }
        if ($depth === 1 && $id === ',') {
            $found = array_merge($found, check_type($type, $tokens[$i]['line'], false));
            $type = array();
            $seenVariable = false;
        } elseif ($depth === 1 && $id === T_VARIABLE) {
            $seenVariable = true;
        } elseif ($depth === 1 && !$seenVariable) {
            $type[] = $tokens[$i];
        }
    }
    // Closure "use (...)" list, then an optional ": type" up to the body or the ";".
    ++$i;
    if ($i < $count && $tokens[$i]['id'] === T_USE) {
        while ($i < $count && $tokens[$i]['id'] !== ')') {
            ++$i;
        }
        ++$i;
    }
    if ($i < $count && $tokens[$i]['id'] === ':') {
        $type = array();
        for (++$i; $i < $count && !in_array($tokens[$i]['id'], array('{', ';', T_DOUBLE_ARROW), true); ++$i) {
            $type[] = $tokens[$i];
        }
        $found = array_merge($found, check_type($type, $tokens[$start]['line'], true));
    }

    return $found;
}

/**
 * @return array[] list of [line, construct]
 */
function check_type(array $type, $line, $isReturn)
{
    global $newTypes;
    $found = array();
    foreach ($type as $t) {
        if ($t['id'] === '|') {
            $found[] = array($line, 'union type (8.0)');
        } elseif (defined('T_AMPERSAND_NOT_FOLLOWED_BY_VAR_OR_VARARG') && $t['id'] === T_AMPERSAND_NOT_FOLLOWED_BY_VAR_OR_VARARG) {
            $found[] = array($line, 'intersection type (8.1)');
        } elseif ($t['id'] === T_STRING && in_array(strtolower($t['text']), $newTypes, true)) {
            $found[] = array($line, "type '" . strtolower($t['text']) . "' (8.0+)");
        } elseif ($isReturn && $t['id'] === T_STATIC) {
            $found[] = array($line, "return type 'static' (8.0)");
        }
    }

    return $found;
}
