<?php
/**
 * Stand-ins for Module, Hook and the legacy module translations. install()/uninstall()/
 * registerHook() keep their state in the stub tables like PrestaShop does in its own; l() reads
 * translations/<iso>.php with PrestaShop's key format, so the module's FR file is exercised.
 */
abstract class Module
{
    public $id;
    public $name;
    public $tab;
    public $version;
    public $author;
    public $need_instance;
    public $bootstrap;
    public $ps_versions_compliancy = array();
    public $displayName;
    public $description;
    public $confirmUninstall;
    /** @var Context */
    public $context;
    protected $_errors = array();

    public function __construct()
    {
        $this->context = Context::getContext();
        $id = Db::getInstance()->getValue('SELECT `id_module` FROM `' . _DB_PREFIX_ . "module` WHERE `name` = '" . pSQL($this->name) . "'");
        $this->id = $id === false ? null : (int) $id;
    }

    public static function getInstanceByName($name)
    {
        require_once _PS_MODULE_DIR_ . $name . '/' . $name . '.php';

        return new $name();
    }

    public static function isInstalled($name)
    {
        return (bool) Db::getInstance()->getValue('SELECT 1 FROM `' . _DB_PREFIX_ . "module` WHERE `name` = '" . pSQL($name) . "'");
    }

    public function install()
    {
        // PrestaShop refuses a module whose compliancy range excludes the running version.
        if (version_compare(_PS_VERSION_, $this->ps_versions_compliancy['min'], '<')
            || version_compare(_PS_VERSION_, $this->ps_versions_compliancy['max'], '>')) {
            $this->_errors[] = 'not compliant with ' . _PS_VERSION_;

            return false;
        }
        if (self::isInstalled($this->name)) {
            $this->_errors[] = 'already installed';

            return false;
        }
        Db::getInstance()->insert('module', array('name' => pSQL($this->name), 'version' => pSQL($this->version)));
        $this->id = (int) Db::getInstance()->Insert_ID();

        return true;
    }

    public function uninstall()
    {
        $db = Db::getInstance();
        $db->execute('DELETE FROM `' . _DB_PREFIX_ . 'hook_module` WHERE `id_module` = ' . (int) $this->id);
        $db->execute('DELETE FROM `' . _DB_PREFIX_ . 'module` WHERE `id_module` = ' . (int) $this->id);
        $this->id = null;

        return true;
    }

    public function registerHook($hookName)
    {
        foreach ((array) $hookName as $hook) {
            Db::getInstance()->insert('hook_module', array('id_module' => (int) $this->id, 'hook' => pSQL($hook)), false, true, Db::INSERT_IGNORE);
        }

        return true;
    }

    public function isRegisteredInHook($hook)
    {
        return (bool) Db::getInstance()->getValue('SELECT 1 FROM `' . _DB_PREFIX_ . 'hook_module` WHERE `id_module` = ' . (int) $this->id . " AND `hook` = '" . pSQL($hook) . "'");
    }

    public function getErrors()
    {
        return $this->_errors;
    }

    public function getLocalPath()
    {
        return _PS_MODULE_DIR_ . $this->name . '/';
    }

    public function l($string, $specific = false, $locale = null)
    {
        return Translate::getModuleTranslation($this, $string, $specific ? $specific : $this->name);
    }

    public function displayError($error)
    {
        return '<div class="alert alert-danger">' . $error . '</div>';
    }

    public function displayWarning($warning)
    {
        return '<div class="alert alert-warning">' . $warning . '</div>';
    }

    public function displayConfirmation($string)
    {
        return '<div class="alert alert-success">' . $string . '</div>';
    }
}

class Translate
{
    public static function getModuleTranslation($module, $string, $source)
    {
        static $files = array();
        $iso = Context::getContext()->language->iso_code;
        if (!isset($files[$iso])) {
            $_MODULE = array();
            $file = _PS_MODULE_DIR_ . $module->name . '/translations/' . $iso . '.php';
            if (is_file($file)) {
                include $file;
            }
            $files[$iso] = $_MODULE;
        }
        $key = strtolower('<{' . $module->name . '}prestashop>' . $source) . '_' . md5(str_replace('\'', '\\\'', $string));
        $text = isset($files[$iso][$key]) ? stripslashes($files[$iso][$key]) : $string;

        return htmlspecialchars($text, ENT_COMPAT, 'UTF-8');
    }
}

class Hook
{
    /**
     * Calls hook<Name>() on every module registered for the hook, as PrestaShop dispatches.
     */
    public static function exec($hookName, $params = array())
    {
        $rows = Db::getInstance()->executeS('SELECT m.`name` FROM `' . _DB_PREFIX_ . 'hook_module` hm JOIN `' . _DB_PREFIX_ . 'module` m ON m.`id_module` = hm.`id_module` WHERE hm.`hook` = \'' . pSQL($hookName) . "'");
        $output = '';
        foreach ($rows as $row) {
            $module = Module::getInstanceByName($row['name']);
            $method = 'hook' . ucfirst($hookName);
            if (!is_callable(array($module, $method))) {
                throw new Exception(sprintf('%s is registered on %s but has no %s()', $row['name'], $hookName, $method));
            }
            $output .= (string) $module->$method($params);
        }

        return $output;
    }
}

class PrestaShopLogger
{
    /** @var array[] every addLog() call of this process */
    public static $logs = array();

    public static function addLog($message, $severity = 1, $errorCode = null, $objectType = null, $objectId = null, $allowDuplicate = false, $idEmployee = null)
    {
        self::$logs[] = array('message' => $message, 'severity' => $severity, 'allow_duplicate' => $allowDuplicate);

        return true;
    }
}
