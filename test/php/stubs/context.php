<?php
/**
 * Stand-ins for the request context: Context, Shop (multistore), Language, Tools, Validate,
 * Smarty and HelperForm. Tests set the public statics to shape the request.
 */
class Context
{
    private static $instance;
    public $language;
    public $employee;
    public $shop;
    public $smarty;

    public static function getContext()
    {
        if (self::$instance === null) {
            self::$instance = new Context();
            self::$instance->language = (object) array('id' => 1, 'iso_code' => 'en');
            self::$instance->employee = (object) array('id' => 7, 'id_profile' => 1);
            self::$instance->shop = (object) array('id' => 1);
            self::$instance->smarty = new Smarty();
        }

        return self::$instance;
    }
}

class Shop
{
    const CONTEXT_SHOP = 1;
    const CONTEXT_GROUP = 2;
    const CONTEXT_ALL = 4;

    public static $featureActive = false;
    public static $context = self::CONTEXT_SHOP;
    /** Keyed by id like PrestaShop's Shop::getShops(..., true) */
    public static $contextShopIds = array(1 => 1);

    public static function isFeatureActive()
    {
        return self::$featureActive;
    }

    public static function setContext($type, $id = null)
    {
        self::$context = $type;
    }

    public static function getContextListShopID($share = false)
    {
        return self::$contextShopIds;
    }
}

class Language
{
    public static function getLanguages($active = true, $idShop = false, $idsOnly = false)
    {
        return array(
            array('id_lang' => 1, 'iso_code' => 'en', 'name' => 'English'),
            array('id_lang' => 2, 'iso_code' => 'fr', 'name' => 'Français'),
        );
    }
}

class Tools
{
    public static function getValue($key, $default = false)
    {
        if (isset($_POST[$key])) {
            return $_POST[$key];
        }

        return isset($_GET[$key]) ? $_GET[$key] : $default;
    }

    public static function isSubmit($key)
    {
        return isset($_POST[$key]) || isset($_GET[$key]);
    }

    public static function getAdminToken($string)
    {
        return md5('test-cookie-key' . $string);
    }

    public static function getAdminTokenLite($tab)
    {
        return self::getAdminToken($tab . (int) Tab::getIdFromClassName($tab) . (int) Context::getContext()->employee->id);
    }
}

class Validate
{
    public static function isLoadedObject($object)
    {
        return is_object($object) && !empty($object->id);
    }
}

class Smarty
{
    private $vars = array();

    public function assign($name, $value = null)
    {
        foreach (is_array($name) ? $name : array($name => $value) as $key => $val) {
            $this->vars[$key] = $val;
        }
    }

    public function getTemplateVars($name = null)
    {
        if ($name === null) {
            return $this->vars;
        }

        return isset($this->vars[$name]) ? $this->vars[$name] : null;
    }
}

/**
 * Renders the form definitions as plain HTML: enough for tests to find legends, descriptions,
 * inputs with their values and the submit buttons' names.
 */
class HelperForm
{
    public $module;
    public $name_controller;
    public $token;
    public $currentIndex;
    public $default_form_language;
    public $show_toolbar;
    public $submit_action;
    public $fields_value = array();

    public function generateForm($forms)
    {
        $html = '<form action="' . htmlspecialchars($this->currentIndex . '&token=' . $this->token) . '">';
        foreach ($forms as $form) {
            $form = $form['form'];
            $html .= '<fieldset><legend>' . $form['legend']['title'] . '</legend>';
            if (isset($form['description'])) {
                $html .= '<p class="description">' . $form['description'] . '</p>';
            }
            foreach (isset($form['input']) ? $form['input'] : array() as $input) {
                $value = isset($this->fields_value[$input['name']]) ? $this->fields_value[$input['name']] : '';
                $html .= '<label>' . $input['label'] . '</label><input type="' . $input['type'] . '" name="' . $input['name'] . '" value="' . htmlspecialchars((string) $value) . '">';
                if (isset($input['desc'])) {
                    $html .= '<p class="help-block">' . $input['desc'] . '</p>';
                }
            }
            if (isset($form['submit'])) {
                $name = isset($form['submit']['name']) ? $form['submit']['name'] : $this->submit_action;
                $html .= '<button type="submit" name="' . $name . '">' . $form['submit']['title'] . '</button>';
            }
            $html .= '</fieldset>';
        }

        return $html . '</form>';
    }
}
