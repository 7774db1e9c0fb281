<?php
/**
 * The PrestaShop tables the stand-ins need (configuration, module, hook_module, tab), created
 * in the test database so that state survives from one PHP process to the next and mocha can
 * read it back. Column sets are cut down to what the module touches.
 */
function shopcast_test_create_prestashop_tables()
{
    $p = _DB_PREFIX_;
    $statements = array(
        // PrestaShop's own shape (as in sql/demo/prestashop.sql), so the service can read it too.
        "CREATE TABLE IF NOT EXISTS `{$p}configuration` (`id_configuration` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `id_shop_group` INT UNSIGNED NULL, `id_shop` INT UNSIGNED NULL, `name` VARCHAR(254) NOT NULL, `value` TEXT NULL, `date_add` DATETIME NOT NULL, `date_upd` DATETIME NOT NULL, KEY `name` (`name`)) DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE IF NOT EXISTS `{$p}module` (`id_module` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(64) NOT NULL UNIQUE, `version` VARCHAR(8) NOT NULL) DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE IF NOT EXISTS `{$p}hook_module` (`id_module` INT UNSIGNED NOT NULL, `hook` VARCHAR(191) NOT NULL, PRIMARY KEY (`id_module`, `hook`)) DEFAULT CHARSET=utf8mb4",
        "CREATE TABLE IF NOT EXISTS `{$p}tab` (`id_tab` INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `id_parent` INT NOT NULL, `class_name` VARCHAR(64) NOT NULL, `module` VARCHAR(64) NULL, `active` TINYINT(1) NOT NULL, `icon` VARCHAR(32) NULL, `names` TEXT NOT NULL) DEFAULT CHARSET=utf8mb4",
    );
    foreach ($statements as $sql) {
        if (!Db::getInstance()->execute($sql)) {
            throw new Exception('stub tables: ' . Db::getInstance()->getMsgError());
        }
    }
    if (!Tab::getIdFromClassName('IMPROVE')) {
        $improve = new Tab();
        $improve->class_name = 'IMPROVE';
        $improve->id_parent = 0;
        $improve->name = array(1 => 'Improve', 2 => 'Personnaliser');
        $improve->add();
    }
    foreach (array('PS_LANG_DEFAULT' => '1', 'PS_SHOP_DEFAULT' => '1') as $key => $value) {
        if (Configuration::getGlobalValue($key) === false) {
            Configuration::updateGlobalValue($key, $value);
        }
    }
}

class Configuration
{
    public static function get($key, $idLang = null, $idShopGroup = null, $idShop = null, $default = false)
    {
        $value = self::getGlobalValue($key);

        return $value === false ? $default : $value;
    }

    public static function getGlobalValue($key, $idLang = null)
    {
        return Db::getInstance()->getValue('SELECT `value` FROM `' . _DB_PREFIX_ . "configuration` WHERE `name` = '" . pSQL($key) . "' AND `id_shop` IS NULL AND `id_shop_group` IS NULL");
    }

    public static function updateValue($key, $values, $html = false, $idShopGroup = null, $idShop = null)
    {
        return self::updateGlobalValue($key, $values, $html);
    }

    public static function updateGlobalValue($key, $value, $html = false)
    {
        $table = '`' . _DB_PREFIX_ . 'configuration`';
        $where = "`name` = '" . pSQL($key) . "' AND `id_shop` IS NULL AND `id_shop_group` IS NULL";
        $sqlValue = "'" . pSQL((string) $value, $html) . "'";
        if (Db::getInstance()->getValue("SELECT COUNT(*) FROM $table WHERE $where")) {
            return Db::getInstance()->execute("UPDATE $table SET `value` = $sqlValue, `date_upd` = NOW() WHERE $where");
        }

        return Db::getInstance()->execute("INSERT INTO $table (`name`, `value`, `date_add`, `date_upd`) VALUES ('" . pSQL($key) . "', $sqlValue, NOW(), NOW())");
    }

    public static function deleteByName($key)
    {
        return Db::getInstance()->execute('DELETE FROM `' . _DB_PREFIX_ . "configuration` WHERE `name` = '" . pSQL($key) . "' AND `id_shop` IS NULL AND `id_shop_group` IS NULL");
    }
}

class Tab
{
    public $id;
    public $id_parent = 0;
    public $class_name;
    public $module;
    public $active = 1;
    public $icon;
    public $name = array();

    public function __construct($id = null)
    {
        if ($id) {
            $row = Db::getInstance()->getRow('SELECT * FROM `' . _DB_PREFIX_ . 'tab` WHERE `id_tab` = ' . (int) $id);
            if ($row) {
                $this->id = (int) $row['id_tab'];
                $this->id_parent = (int) $row['id_parent'];
                $this->class_name = $row['class_name'];
                $this->module = $row['module'];
                $this->active = (int) $row['active'];
                $this->icon = $row['icon'];
                $this->name = json_decode($row['names'], true);
            }
        }
    }

    public static function getIdFromClassName($className)
    {
        $id = Db::getInstance()->getValue('SELECT `id_tab` FROM `' . _DB_PREFIX_ . "tab` WHERE `class_name` = '" . pSQL($className) . "'");

        return $id === false ? false : (int) $id;
    }

    public function add()
    {
        $ok = Db::getInstance()->insert('tab', array(
            'id_parent' => (int) $this->id_parent,
            'class_name' => pSQL($this->class_name),
            'module' => pSQL((string) $this->module),
            'active' => (int) $this->active,
            'icon' => pSQL((string) $this->icon),
            'names' => pSQL(json_encode($this->name), true),
        ));
        $this->id = (int) Db::getInstance()->Insert_ID();

        return $ok;
    }

    public function delete()
    {
        return Db::getInstance()->execute('DELETE FROM `' . _DB_PREFIX_ . 'tab` WHERE `id_tab` = ' . (int) $this->id);
    }
}
