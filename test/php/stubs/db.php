<?php
/**
 * Stand-in for PrestaShop's Db layer on a real MySQL/MariaDB connection. insert(), getRow() and
 * pSQL() behave like PrestaShop's own (no escaping in insert(), LIMIT 1 appended, tags stripped
 * unless html is allowed), so the module's SQL is exercised as the shop would run it.
 */
class Db
{
    const INSERT = 1;
    const INSERT_IGNORE = 2;
    const REPLACE = 3;
    const ON_DUPLICATE_KEY = 4;

    /** @var Db|null */
    private static $instance = null;

    /** @var mysqli */
    private $link;

    /** @var string[] every statement sent, for tests that count them */
    public static $log = array();

    public static function getInstance($master = true)
    {
        if (self::$instance === null) {
            self::$instance = new Db();
        }

        return self::$instance;
    }

    private function __construct()
    {
        $url = parse_url(getenv('SHOPCAST_TEST_DB_URL'));
        mysqli_report(MYSQLI_REPORT_OFF);
        $this->link = new mysqli(
            $url['host'],
            isset($url['user']) ? urldecode($url['user']) : 'root',
            isset($url['pass']) ? urldecode($url['pass']) : '',
            ltrim($url['path'], '/'),
            isset($url['port']) ? (int) $url['port'] : 3306
        );
        if ($this->link->connect_error) {
            throw new Exception('test database: ' . $this->link->connect_error);
        }
        $this->link->set_charset('utf8mb4');
        // The strictest mode production servers run (the service's tests use the same).
        $this->link->query("SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ONLY_FULL_GROUP_BY,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    }

    public function query($sql)
    {
        self::$log[] = $sql;

        return $this->link->query($sql);
    }

    public function execute($sql, $use_cache = true)
    {
        return (bool) $this->query($sql);
    }

    public function executeS($sql, $array = true, $use_cache = true)
    {
        $result = $this->query($sql);
        if (!($result instanceof mysqli_result)) {
            return $result === true ? array() : false;
        }

        return $result->fetch_all(MYSQLI_ASSOC);
    }

    public function getRow($sql, $use_cache = true)
    {
        $rows = $this->executeS(rtrim($sql, " \t\n\r\0\x0B;") . ' LIMIT 1', true, $use_cache);

        return is_array($rows) && $rows ? $rows[0] : false;
    }

    public function getValue($sql, $use_cache = true)
    {
        $row = $this->getRow($sql, $use_cache);

        return is_array($row) ? reset($row) : false;
    }

    public function insert($table, $data, $null_values = false, $use_cache = true, $type = self::INSERT, $add_prefix = true)
    {
        if (!$data) {
            return true;
        }
        if ($add_prefix) {
            $table = _DB_PREFIX_ . $table;
        }
        $keyword = $type === self::INSERT_IGNORE ? 'INSERT IGNORE' : ($type === self::REPLACE ? 'REPLACE' : 'INSERT');
        if (!is_array(reset($data)) || isset(reset($data)['type'])) {
            $data = array($data);
        }
        $keys = array_keys($data[0]);
        $rows = array();
        foreach ($data as $row) {
            $values = array();
            foreach ($row as $value) {
                if (!is_array($value)) {
                    $value = array('type' => 'text', 'value' => $value);
                }
                if ($value['type'] === 'sql') {
                    $values[] = $value['value'];
                } else {
                    $values[] = $null_values && ($value['value'] === '' || $value['value'] === null) ? 'NULL' : "'{$value['value']}'";
                }
            }
            $rows[] = '(' . implode(', ', $values) . ')';
        }

        return $this->execute($keyword . ' INTO `' . $table . '` (`' . implode('`, `', $keys) . '`) VALUES ' . implode(', ', $rows));
    }

    public function Insert_ID()
    {
        return $this->link->insert_id;
    }

    public function getMsgError()
    {
        return $this->link->error;
    }

    public function escape($string, $html_ok = false)
    {
        $string = $this->link->real_escape_string((string) $string);
        if (!$html_ok) {
            $string = strip_tags(nl2br($string));
        }

        return $string;
    }
}

function pSQL($string, $htmlOK = false)
{
    return Db::getInstance()->escape($string, $htmlOK);
}

function bqSQL($string)
{
    return str_replace('`', '\`', pSQL($string));
}
