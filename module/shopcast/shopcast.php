<?php
/**
 * Shopcast for PrestaShop: the thin half of Shopcast that lives in the shop. Its hooks write one
 * row per event into Shopcast's outbox table and ping the service; its back-office pages frame
 * the service's admin pages; its configure page points it at the service. Everything else
 * (segments, campaigns, sending, history) is done by the Shopcast service.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/classes/ShopcastException.php';
require_once dirname(__FILE__) . '/classes/ShopcastMigrator.php';
require_once dirname(__FILE__) . '/classes/ShopcastSecret.php';
require_once dirname(__FILE__) . '/classes/ShopcastSigner.php';
require_once dirname(__FILE__) . '/classes/ShopcastServiceClient.php';
require_once dirname(__FILE__) . '/classes/ShopcastOutbox.php';
require_once dirname(__FILE__) . '/classes/ShopcastIndexes.php';

class Shopcast extends Module
{
    const CONFIG_SERVICE_URL = 'SHOPCAST_SERVICE_URL';
    const CONFIG_PUBLIC_URL = 'SHOPCAST_PUBLIC_URL';
    const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8080';

    /**
     * Back-office menu: the parent entry first, then its children in display order.
     *
     * @var array<string, array>
     */
    private static $menu = array(
        'AdminShopcast' => array('parent' => 'IMPROVE', 'icon' => 'sms', 'en' => 'Shopcast SMS', 'fr' => 'Shopcast SMS'),
        'AdminShopcastMarketing' => array('parent' => 'AdminShopcast', 'en' => 'SMS marketing', 'fr' => 'SMS marketing'),
        'AdminShopcastNotifications' => array('parent' => 'AdminShopcast', 'en' => 'Notifications', 'fr' => 'Notifications'),
        'AdminShopcastCampaignHistory' => array('parent' => 'AdminShopcast', 'en' => 'Campaign history', 'fr' => 'Historique des campagnes'),
        'AdminShopcastNotificationHistory' => array('parent' => 'AdminShopcast', 'en' => 'Notification history', 'fr' => 'Historique des notifications'),
        'AdminShopcastSettings' => array('parent' => 'AdminShopcast', 'en' => 'Settings', 'fr' => 'Paramètres'),
    );

    /**
     * Set after a wake call fails, so the other hooks of the same request (a checkout fires up
     * to three) do not each wait for a service that is down: their rows wait in the outbox.
     *
     * @var bool
     */
    private static $wakeFailed = false;

    /** @var string|null */
    private static $secret = null;

    public function __construct()
    {
        $this->name = 'shopcast';
        $this->tab = 'emailing';
        $this->version = '0.1.0';
        $this->author = 'Shopcast';
        $this->need_instance = 0;
        $this->bootstrap = true;
        $this->ps_versions_compliancy = array('min' => '1.7.8.0', 'max' => '9.99.99');

        parent::__construct();

        $this->displayName = $this->l('Shopcast SMS');
        $this->description = $this->l('SMS marketing campaigns and order notifications for your customers, with the Shopcast service.');
        $this->confirmUninstall = $this->l('Uninstalling keeps your Shopcast data (campaigns, history, settings). Continue?');
    }

    /**
     * Tables first (the secret lives in them), so a failed migration leaves nothing registered.
     * Reinstalling finds the tables, the ledger and the secret in place and keeps them.
     */
    public function install()
    {
        if (Shop::isFeatureActive()) {
            Shop::setContext(Shop::CONTEXT_ALL);
        }
        try {
            $this->applyMigrations();
            ShopcastSecret::ensure();
        } catch (Exception $e) {
            $this->_errors[] = $e->getMessage();

            return false;
        }
        if (!Configuration::getGlobalValue(self::CONFIG_SERVICE_URL)) {
            Configuration::updateGlobalValue(self::CONFIG_SERVICE_URL, self::DEFAULT_SERVICE_URL);
        }

        return parent::install()
            && $this->registerHook(array_keys(ShopcastOutbox::$events))
            && $this->installMenu();
    }

    /**
     * parent::uninstall() removes the hook registrations. Shopcast's tables and secret stay:
     * deleting data is the configure page's explicit action, never a side effect.
     */
    public function uninstall()
    {
        return parent::uninstall()
            && $this->uninstallMenu()
            && Configuration::deleteByName(self::CONFIG_SERVICE_URL)
            && Configuration::deleteByName(self::CONFIG_PUBLIC_URL);
    }

    /**
     * Applies the pending SQL migrations (install, upgrades, configure page).
     *
     * @return int[] versions applied now
     */
    public function applyMigrations()
    {
        return $this->getMigrator()->migrate();
    }

    public function hookActionOrderStatusPostUpdate($params)
    {
        $this->recordEvent('actionOrderStatusPostUpdate', $params);
    }

    public function hookActionPaymentConfirmation($params)
    {
        $this->recordEvent('actionPaymentConfirmation', $params);
    }

    public function hookActionValidateOrder($params)
    {
        $this->recordEvent('actionValidateOrder', $params);
    }

    public function hookActionCustomerAccountAdd($params)
    {
        $this->recordEvent('actionCustomerAccountAdd', $params);
    }

    public function hookActionAdminOrdersTrackingNumberUpdate($params)
    {
        $this->recordEvent('actionAdminOrdersTrackingNumberUpdate', $params);
    }

    public function hookActionOrderSlipAdd($params)
    {
        $this->recordEvent('actionOrderSlipAdd', $params);
    }

    public function hookActionOrderEdited($params)
    {
        $this->recordEvent('actionOrderEdited', $params);
    }

    public function hookActionOrderReturn($params)
    {
        $this->recordEvent('actionOrderReturn', $params);
    }

    /**
     * The URL the shop's server uses to call the service.
     *
     * @return string
     */
    public function getServiceUrl()
    {
        $url = (string) Configuration::getGlobalValue(self::CONFIG_SERVICE_URL);

        return $url !== '' ? $url : self::DEFAULT_SERVICE_URL;
    }

    /**
     * The URL the employee's browser uses to open the service's pages: behind a reverse proxy it
     * differs from the server-side one (which is often 127.0.0.1).
     *
     * @return string
     */
    public function getPublicUrl()
    {
        $url = (string) Configuration::getGlobalValue(self::CONFIG_PUBLIC_URL);

        return $url !== '' ? $url : $this->getServiceUrl();
    }

    /**
     * The configure page: service URLs, connection test, secret rotation, and the explicit
     * "delete all data" action.
     *
     * @return string HTML
     */
    public function getContent()
    {
        $messages = $this->processConfigureActions();

        return $messages . $this->renderConfigureForms();
    }

    /**
     * Writes the event row and pings the service. Never throws: a checkout or a status change
     * must succeed whatever happens to Shopcast.
     *
     * @param string $hookName
     * @param mixed $params
     */
    private function recordEvent($hookName, $params)
    {
        try {
            $event = ShopcastOutbox::eventFromHook($hookName, is_array($params) ? $params : array(), $this->getContextShopId());
            if ($event === null) {
                $this->writeLog(sprintf('Shopcast: %s was dispatched without the order or customer it concerns; no event recorded.', $hookName), 2);

                return;
            }
            $idEvent = ShopcastOutbox::insert($event);
            $this->wakeService(array('id_event' => $idEvent, 'event' => $event['event'], 'id_shop' => $event['id_shop']));
        } catch (Throwable $e) {
            $this->writeLog(sprintf('Shopcast could not record %s: %s', $hookName, $e->getMessage()), 3);
        }
    }

    /**
     * Fire-and-forget: the service also polls the outbox, the ping only saves it the wait.
     *
     * @param array $body
     */
    private function wakeService(array $body)
    {
        if (self::$wakeFailed) {
            return;
        }
        if (self::$secret === null) {
            self::$secret = ShopcastSecret::read();
        }
        $client = new ShopcastServiceClient($this->getServiceUrl(), self::$secret);
        $result = $client->wake($body);
        if ($result['ok']) {
            return;
        }
        self::$wakeFailed = true;
        // Stable wording, no event id: identical messages are stored once, so a long outage
        // leaves one log line instead of one per order.
        $reason = $result['reason'] !== '' ? $result['reason'] : sprintf('HTTP %d', $result['status']);
        if ($result['status'] === 401) {
            $reason .= ' (the module and the service do not share the same secret)';
        }
        $this->writeLog(sprintf('Shopcast: the service at %s did not take the wake call: %s. Events wait in the outbox.', $this->getServiceUrl(), $reason), 2);
    }

    /**
     * @param string $message
     * @param int $severity 1 info, 2 warning, 3 error
     */
    private function writeLog($message, $severity)
    {
        if (class_exists('PrestaShopLogger')) {
            PrestaShopLogger::addLog($message, $severity, null, 'Module', (int) $this->id, false);
        } else {
            error_log($message);
        }
    }

    /**
     * @return int
     */
    private function getContextShopId()
    {
        if ($this->context->shop && (int) $this->context->shop->id > 0) {
            return (int) $this->context->shop->id;
        }

        return (int) Configuration::get('PS_SHOP_DEFAULT');
    }

    /**
     * @return ShopcastMigrator
     */
    private function getMigrator()
    {
        return new ShopcastMigrator(ShopcastMigrator::locateSqlDir(dirname(__FILE__)), _DB_PREFIX_);
    }

    /**
     * Creates the parent entry and its children; entries already there (reinstall) are kept.
     *
     * @return bool
     */
    private function installMenu()
    {
        $languages = Language::getLanguages(false);
        foreach (self::$menu as $className => $entry) {
            if (Tab::getIdFromClassName($className)) {
                continue;
            }
            $tab = new Tab();
            $tab->active = 1;
            $tab->class_name = $className;
            $tab->module = $this->name;
            $tab->id_parent = (int) Tab::getIdFromClassName($entry['parent']);
            $tab->icon = isset($entry['icon']) ? $entry['icon'] : '';
            $tab->name = array();
            foreach ($languages as $language) {
                $tab->name[(int) $language['id_lang']] = $language['iso_code'] === 'fr' ? $entry['fr'] : $entry['en'];
            }
            if (!$tab->add()) {
                $this->_errors[] = sprintf($this->l('Could not create the back-office menu entry %s.'), $className);

                return false;
            }
        }

        return true;
    }

    /**
     * @return bool
     */
    private function uninstallMenu()
    {
        foreach (array_reverse(array_keys(self::$menu)) as $className) {
            $idTab = (int) Tab::getIdFromClassName($className);
            if ($idTab) {
                $tab = new Tab($idTab);
                $tab->delete();
            }
        }

        return true;
    }

    /**
     * @return string HTML messages
     */
    private function processConfigureActions()
    {
        try {
            if (Tools::isSubmit('submitShopcastSettings')) {
                return $this->saveSettings();
            }
            if (Tools::isSubmit('submitShopcastTestConnection')) {
                return $this->testConnection();
            }
            if (Tools::isSubmit('submitShopcastRotateSecret')) {
                ShopcastSecret::rotate();
                self::$secret = null;

                return $this->displayConfirmation($this->l('A new secret is stored. The service reads it when it restarts: restart it now. If its environment sets SHOPCAST_MODULE_SECRET, that value wins over this one and the service will refuse the module until the variable is removed.'));
            }
            if (Tools::isSubmit('submitShopcastMigrate')) {
                $applied = $this->applyMigrations();
                ShopcastSecret::ensure();

                return $this->displayConfirmation(sprintf($this->l('Shopcast tables are up to date (migrations applied now: %s).'), $applied ? implode(', ', $applied) : '0'));
            }
            if (Tools::isSubmit('submitShopcastDeleteData')) {
                return $this->deleteAllData();
            }
            if (Tools::isSubmit('submitShopcastAddIndexes')) {
                $added = ShopcastIndexes::addMissing();

                return $this->displayConfirmation(sprintf($this->l('Indexes added: %s.'), $added ? implode(', ', $added) : '0'));
            }
        } catch (Exception $e) {
            return $this->displayError(htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8'));
        }

        return '';
    }

    /**
     * Both URLs are checked before either is saved: a bad value changes nothing.
     *
     * @return string HTML message
     */
    private function saveSettings()
    {
        $serviceUrl = self::normalizeServiceUrl(Tools::getValue(self::CONFIG_SERVICE_URL));
        if ($serviceUrl === null) {
            return $this->displayError($this->l('The service URL must be an http:// or https:// address without query string, for example http://127.0.0.1:8080. Nothing was saved.'));
        }
        $publicUrl = trim((string) Tools::getValue(self::CONFIG_PUBLIC_URL));
        if ($publicUrl !== '') {
            $publicUrl = self::normalizeServiceUrl($publicUrl);
            if ($publicUrl === null) {
                return $this->displayError($this->l('The back-office URL must be empty or an http:// or https:// address without query string. Nothing was saved.'));
            }
        }
        Configuration::updateGlobalValue(self::CONFIG_SERVICE_URL, $serviceUrl);
        Configuration::updateGlobalValue(self::CONFIG_PUBLIC_URL, $publicUrl);

        return $this->displayConfirmation($this->l('Settings saved.'));
    }

    /**
     * An http(s) URL without credentials, query or fragment, trailing slash removed; null when
     * the value is not one. The URL is fetched by the server, so nothing else may get through.
     *
     * @param string $value
     *
     * @return string|null
     */
    private static function normalizeServiceUrl($value)
    {
        $url = rtrim(trim((string) $value), '/');
        if ($url === '' || !filter_var($url, FILTER_VALIDATE_URL)) {
            return null;
        }
        $parts = parse_url($url);
        $scheme = isset($parts['scheme']) ? strtolower($parts['scheme']) : '';
        if (!in_array($scheme, array('http', 'https'), true) || empty($parts['host'])
            || isset($parts['user']) || isset($parts['query']) || isset($parts['fragment'])) {
            return null;
        }

        return $url;
    }

    /**
     * @return string HTML message
     */
    private function testConnection()
    {
        $client = new ShopcastServiceClient($this->getServiceUrl());
        $result = $client->health();
        $url = htmlspecialchars($this->getServiceUrl(), ENT_QUOTES, 'UTF-8');
        if ($result['error'] !== '') {
            return $this->displayError(sprintf($this->l('Could not reach the service at %s: %s'), $url, htmlspecialchars($result['error'], ENT_QUOTES, 'UTF-8')));
        }
        $report = $result['report'];
        if (!isset($report['database'], $report['migrations'], $report['provider'])) {
            return $this->displayError(sprintf($this->l('%s answered with HTTP %d but not with a Shopcast health report: check the service URL.'), $url, $result['status']));
        }
        $parts = array(
            !empty($report['database']['ok']) ? $this->l('database ok') : $this->l('database unreachable'),
            !empty($report['migrations']['current']) ? $this->l('tables up to date') : $this->l('migrations pending'),
            sprintf(
                !empty($report['provider']['configured']) ? $this->l('SMS provider %s configured') : $this->l('SMS provider %s not configured'),
                htmlspecialchars((string) $report['provider']['name'], ENT_QUOTES, 'UTF-8')
            ),
        );
        $summary = sprintf('HTTP %d: %s', $result['status'], implode(', ', $parts));
        if ($result['ok']) {
            return $this->displayConfirmation(sprintf($this->l('The service answers (%s).'), $summary));
        }

        return $this->displayWarning(sprintf($this->l('The service answers but reports a problem (%s).'), $summary));
    }

    /**
     * Drops every Shopcast table (data, history, settings, secret, ledger). Asked for explicitly,
     * with a confirmation box, because nothing can bring the data back.
     *
     * @return string HTML message
     */
    private function deleteAllData()
    {
        if ((string) Tools::getValue('SHOPCAST_CONFIRM_DELETE') !== '1') {
            return $this->displayError($this->l('Tick the confirmation box to delete all Shopcast data. Nothing was deleted.'));
        }
        $db = Db::getInstance();
        $like = str_replace(array('\\', '_', '%'), array('\\\\', '\\_', '\\%'), _DB_PREFIX_ . 'shopcast_') . '%';
        $tables = $db->executeS("SHOW TABLES LIKE '" . pSQL($like) . "'", true, false);
        $dropped = 0;
        foreach ((array) $tables as $row) {
            $table = (string) reset($row);
            if (!$db->execute('DROP TABLE IF EXISTS `' . bqSQL($table) . '`', false)) {
                throw new ShopcastException(sprintf('Could not drop %s: %s', $table, $db->getMsgError()));
            }
            ++$dropped;
        }
        self::$secret = null;

        return $this->displayConfirmation(sprintf($this->l('All Shopcast data was deleted (%d tables). Events are not recorded until the tables are created again with the button below.'), $dropped));
    }

    /**
     * @return string HTML
     */
    private function renderConfigureForms()
    {
        $helper = new HelperForm();
        $helper->module = $this;
        $helper->name_controller = $this->name;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&' . http_build_query(array('configure' => $this->name));
        $helper->default_form_language = (int) Configuration::get('PS_LANG_DEFAULT');
        $helper->show_toolbar = false;
        $helper->submit_action = 'submitShopcastSettings';
        $helper->fields_value = array(
            self::CONFIG_SERVICE_URL => Tools::getValue(self::CONFIG_SERVICE_URL, $this->getServiceUrl()),
            self::CONFIG_PUBLIC_URL => Tools::getValue(self::CONFIG_PUBLIC_URL, (string) Configuration::getGlobalValue(self::CONFIG_PUBLIC_URL)),
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
            'legend' => array('title' => $this->l('Service connection'), 'icon' => 'icon-cogs'),
            'input' => array(
                array(
                    'type' => 'text',
                    'label' => $this->l('Service URL'),
                    'name' => self::CONFIG_SERVICE_URL,
                    'required' => true,
                    'desc' => $this->l('Address at which this shop\'s server reaches the Shopcast service, for example http://127.0.0.1:8080.'),
                ),
                array(
                    'type' => 'text',
                    'label' => $this->l('Back-office URL of the service'),
                    'name' => self::CONFIG_PUBLIC_URL,
                    'desc' => $this->l('Address at which your browser opens the Shopcast pages, when it differs from the service URL (for example behind a reverse proxy). Leave empty to use the service URL.'),
                ),
            ),
            'submit' => array('title' => $this->l('Save'), 'name' => 'submitShopcastSettings'),
        ));
    }

    /**
     * @return array HelperForm definition
     */
    private function testForm()
    {
        return array('form' => array(
            'legend' => array('title' => $this->l('Connection test'), 'icon' => 'icon-exchange'),
            'description' => $this->l('Calls the service\'s health address (2 second limit) and shows what it reports.'),
            'submit' => array('title' => $this->l('Test the connection'), 'name' => 'submitShopcastTestConnection', 'icon' => 'process-icon-refresh'),
        ));
    }

    /**
     * @return array HelperForm definition
     */
    private function secretForm()
    {
        try {
            $secret = ShopcastSecret::read();
        } catch (Exception $e) {
            // With _PS_DEBUG_SQL_ on, a missing table throws instead of returning false.
            $secret = null;
        }
        $description = $secret === null
            ? $this->l('No secret is stored yet: create the Shopcast tables below.')
            : sprintf($this->l('The module and the service sign their exchanges with a shared secret stored in Shopcast\'s settings table (current: %s). A new secret takes effect in the service when it restarts.'), ShopcastSecret::mask($secret));

        return array('form' => array(
            'legend' => array('title' => $this->l('Shared secret'), 'icon' => 'icon-key'),
            'description' => $description,
            'submit' => array('title' => $this->l('Generate a new secret'), 'name' => 'submitShopcastRotateSecret', 'icon' => 'process-icon-refresh'),
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
            'legend' => array('title' => $this->l('Speed of segment counts'), 'icon' => 'icon-bolt'),
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
            $form['description'] = $this->l('The optional indexes that speed up segment counts are in place.');

            return array('form' => $form);
        }
        $form['description'] = sprintf($this->l('On a large shop, two optional indexes on the orders and address tables make segment counts several times faster. Missing: %s. Adding them can take a few minutes on a large shop; orders can still be placed meanwhile.'), implode(', ', $missing));
        $form['submit'] = array('title' => $this->l('Add the indexes'), 'name' => 'submitShopcastAddIndexes', 'icon' => 'process-icon-save');

        return array('form' => $form);
    }

    /**
     * Offers to create the tables when migrations are pending, else the delete action.
     *
     * @return array HelperForm definition
     */
    private function dataForm()
    {
        try {
            $status = $this->getMigrator()->status();
        } catch (Exception $e) {
            return array('form' => array(
                'legend' => array('title' => $this->l('Data'), 'icon' => 'icon-database'),
                'description' => htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8'),
            ));
        }
        if ($status['pending']) {
            return array('form' => array(
                'legend' => array('title' => $this->l('Data'), 'icon' => 'icon-database'),
                'description' => sprintf($this->l('Shopcast tables need to be created or updated (pending migrations: %s).'), implode(', ', $status['pending'])),
                'submit' => array('title' => $this->l('Create or update the tables'), 'name' => 'submitShopcastMigrate', 'icon' => 'process-icon-save'),
            ));
        }

        return array('form' => array(
            'legend' => array('title' => $this->l('Data'), 'icon' => 'icon-database'),
            'description' => $this->l('Uninstalling or resetting the module keeps Shopcast data. To erase it for good (campaigns, histories, settings, secret), stop the Shopcast service, tick the box and delete.'),
            'input' => array(
                array(
                    'type' => 'switch',
                    'label' => $this->l('Delete all Shopcast data'),
                    'name' => 'SHOPCAST_CONFIRM_DELETE',
                    'is_bool' => true,
                    'values' => array(
                        array('id' => 'shopcast_confirm_delete_on', 'value' => 1, 'label' => $this->l('Yes')),
                        array('id' => 'shopcast_confirm_delete_off', 'value' => 0, 'label' => $this->l('No')),
                    ),
                ),
            ),
            'submit' => array('title' => $this->l('Delete all Shopcast data'), 'name' => 'submitShopcastDeleteData', 'class' => 'btn btn-danger pull-right', 'icon' => 'process-icon-delete'),
        ));
    }
}
