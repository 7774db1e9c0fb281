<?php
/**
 * Stand-ins for AdminController and ModuleAdminController: the employee token is derived and
 * checked as PrestaShop does (controller name, tab id, employee id), and a module controller
 * finds its module through its tab.
 */
class AdminController
{
    public static $currentIndex = 'index.php?controller=AdminModules';
    /** Whether the employee's profile may view the tab (tests switch it). */
    public static $viewAccess = true;

    public $context;
    public $controller_name;
    public $id;
    public $token;
    public $bootstrap = false;
    public $errors = array();
    public $template;

    public function __construct()
    {
        $this->context = Context::getContext();
        $this->controller_name = substr(get_class($this), 0, -strlen('Controller'));
        $this->id = (int) Tab::getIdFromClassName($this->controller_name);
        $this->token = Tools::getAdminToken($this->controller_name . (int) $this->id . (int) $this->context->employee->id);
    }

    public function checkToken()
    {
        $token = Tools::getValue('token');

        return !empty($token) && $token === $this->token;
    }

    public function access($action, $disable = false)
    {
        return self::$viewAccess;
    }

    public function initContent()
    {
    }

    public function setTemplate($template)
    {
        $this->template = $template;
    }
}

class ModuleAdminController extends AdminController
{
    /** @var Module */
    public $module;

    public function __construct()
    {
        parent::__construct();
        $tab = new Tab($this->id);
        if (!$tab->module) {
            throw new Exception('Admin tab ' . get_class($this) . ' is not a module tab');
        }
        $this->module = Module::getInstanceByName($tab->module);
    }
}
