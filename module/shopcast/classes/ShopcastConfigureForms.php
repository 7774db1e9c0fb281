<?php
/**
 * The configure page's forms (HelperForm definitions): service connection, connection test,
 * shared secret, optional indexes, data. Each reads the state it shows (secret, migrations,
 * indexes) and degrades to a description when the tables are missing.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastIndexes.php';
require_once dirname(__FILE__) . '/ShopcastSecret.php';

class ShopcastConfigureForms
{
    /** @var Shopcast */
    private $module;

    /**
     * @param Shopcast $module
     */
    public function __construct($module)
    {
        $this->module = $module;
    }

    /**
     * @return string HTML
     */
    public function render()
    {
        $helper = new HelperForm();
        $helper->module = $this->module;
        $helper->name_controller = $this->module->name;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&' . http_build_query(array('configure' => $this->module->name));
        $helper->default_form_language = (int) Configuration::get('PS_LANG_DEFAULT');
        $helper->show_toolbar = false;
        $helper->submit_action = 'submitShopcastSettings';
        $helper->fields_value = array(
            Shopcast::CONFIG_SERVICE_URL => Tools::getValue(Shopcast::CONFIG_SERVICE_URL, $this->module->getServiceUrl()),
            Shopcast::CONFIG_PUBLIC_URL => Tools::getValue(Shopcast::CONFIG_PUBLIC_URL, (string) Configuration::getGlobalValue(Shopcast::CONFIG_PUBLIC_URL)),
            'SHOPCAST_CONFIRM_DELETE' => 0,
        );

        return $helper->generateForm(array(
            $this->connectionForm(),
            $this->testForm(),
            $this->secretForm(),
            $this->indexForm(),
            $this->dataForm(),
        ));
    }

    /**
     * @return array HelperForm definition
     */
    private function connectionForm()
    {
        return array('form' => array(
            'legend' => array('title' => $this->module->l('Service connection', 'shopcastconfigureforms'), 'icon' => 'icon-cogs'),
            'input' => array(
                array(
                    'type' => 'text',
                    'label' => $this->module->l('Service URL', 'shopcastconfigureforms'),
                    'name' => Shopcast::CONFIG_SERVICE_URL,
                    'required' => true,
                    'desc' => $this->module->l('Address at which this shop\'s server reaches the Shopcast service, for example http://127.0.0.1:8080.', 'shopcastconfigureforms'),
                ),
                array(
                    'type' => 'text',
                    'label' => $this->module->l('Back-office URL of the service', 'shopcastconfigureforms'),
                    'name' => Shopcast::CONFIG_PUBLIC_URL,
                    'desc' => $this->module->l('Address at which your browser opens the Shopcast pages, when it differs from the service URL (for example behind a reverse proxy). Leave empty to use the service URL.', 'shopcastconfigureforms'),
                ),
            ),
            'submit' => array('title' => $this->module->l('Save', 'shopcastconfigureforms'), 'name' => 'submitShopcastSettings'),
        ));
    }

    /**
     * @return array HelperForm definition
     */
    private function testForm()
    {
        return array('form' => array(
            'legend' => array('title' => $this->module->l('Connection test', 'shopcastconfigureforms'), 'icon' => 'icon-exchange'),
            'description' => $this->module->l('Calls the service\'s health address (2 second limit) and shows what it reports.', 'shopcastconfigureforms'),
            'submit' => array('title' => $this->module->l('Test the connection', 'shopcastconfigureforms'), 'name' => 'submitShopcastTestConnection', 'icon' => 'process-icon-refresh'),
        ));
    }

    /**
     * @return array HelperForm definition
     */
    private function secretForm()
    {
        try {
            $secret = ShopcastSecret::read();
            // Opening this page seals the secret for a service that started since the install.
            $sealed = $secret !== null && (ShopcastSecret::publishIfStale() || ShopcastSecret::isSealed());
        } catch (Exception $e) {
            // With _PS_DEBUG_SQL_ on, a missing table throws instead of returning false.
            $secret = null;
            $sealed = false;
        }
        if ($secret === null) {
            $description = $this->module->l('No secret is stored yet: create the Shopcast tables below.', 'shopcastconfigureforms');
        } else {
            $description = sprintf($this->module->l('The module and the service sign their exchanges with a shared secret (current: %s). Each side keeps it encrypted: the module with the shop\'s cookie key, the service with its own key pair. The service picks up a new secret within seconds, without a restart.', 'shopcastconfigureforms'), ShopcastSecret::mask($secret));
            if (!$sealed) {
                $description .= ' ' . $this->module->l('The service has not started on this database yet: the secret is handed to it, encrypted, on the first back-office page opened after its start.', 'shopcastconfigureforms');
            }
        }

        return array('form' => array(
            'legend' => array('title' => $this->module->l('Shared secret', 'shopcastconfigureforms'), 'icon' => 'icon-key'),
            'description' => $description,
            'submit' => array('title' => $this->module->l('Generate a new secret', 'shopcastconfigureforms'), 'name' => 'submitShopcastRotateSecret', 'icon' => 'process-icon-refresh'),
        ));
    }

    /**
     * The optional indexes that speed up segment counts, and a button while some are missing.
     *
     * @return array HelperForm definition
     */
    private function indexForm()
    {
        $form = array(
            'legend' => array('title' => $this->module->l('Speed of segment counts', 'shopcastconfigureforms'), 'icon' => 'icon-bolt'),
        );
        try {
            $status = ShopcastIndexes::status();
        } catch (Exception $e) {
            $form['description'] = htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8');

            return array('form' => $form);
        }
        $missing = array_keys(array_filter($status, function ($present) {
            return !$present;
        }));
        if (!$missing) {
            $form['description'] = $this->module->l('The optional indexes that speed up segment counts are in place.', 'shopcastconfigureforms');

            return array('form' => $form);
        }
        $form['description'] = sprintf($this->module->l('On a large shop, optional indexes on the orders, address and customer tables make segment counts several times faster. Missing: %s. Adding them can take a few minutes on a large shop; orders can still be placed meanwhile.', 'shopcastconfigureforms'), implode(', ', $missing));
        $form['submit'] = array('title' => $this->module->l('Add the indexes', 'shopcastconfigureforms'), 'name' => 'submitShopcastAddIndexes', 'icon' => 'process-icon-save');

        return array('form' => $form);
    }

    /**
     * Offers to create the tables when migrations are pending, else the delete action.
     *
     * @return array HelperForm definition
     */
    private function dataForm()
    {
        $legend = array('title' => $this->module->l('Data', 'shopcastconfigureforms'), 'icon' => 'icon-database');
        try {
            $status = $this->module->migrationStatus();
        } catch (Exception $e) {
            return array('form' => array('legend' => $legend, 'description' => htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8')));
        }
        if ($status['pending']) {
            return array('form' => array(
                'legend' => $legend,
                'description' => sprintf($this->module->l('Shopcast tables need to be created or updated (pending migrations: %s).', 'shopcastconfigureforms'), implode(', ', $status['pending'])),
                'submit' => array('title' => $this->module->l('Create or update the tables', 'shopcastconfigureforms'), 'name' => 'submitShopcastMigrate', 'icon' => 'process-icon-save'),
            ));
        }

        return array('form' => array(
            'legend' => $legend,
            'description' => $this->module->l('Uninstalling or resetting the module keeps Shopcast data and its settings. To erase it for good (campaigns, histories, settings, secret, service URLs), stop the Shopcast service, tick the box and delete.', 'shopcastconfigureforms'),
            'input' => array(
                array(
                    'type' => 'switch',
                    'label' => $this->module->l('Delete all Shopcast data', 'shopcastconfigureforms'),
                    'name' => 'SHOPCAST_CONFIRM_DELETE',
                    'is_bool' => true,
                    'values' => array(
                        array('id' => 'shopcast_confirm_delete_on', 'value' => 1, 'label' => $this->module->l('Yes', 'shopcastconfigureforms')),
                        array('id' => 'shopcast_confirm_delete_off', 'value' => 0, 'label' => $this->module->l('No', 'shopcastconfigureforms')),
                    ),
                ),
            ),
            'submit' => array('title' => $this->module->l('Delete all Shopcast data', 'shopcastconfigureforms'), 'name' => 'submitShopcastDeleteData', 'class' => 'btn btn-danger pull-right', 'icon' => 'process-icon-delete'),
        ));
    }
}
