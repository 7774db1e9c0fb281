<?php
/**
 * The module's configure page (Modules > Shopcast > Configure): what each button does. The
 * forms themselves are ShopcastConfigureForms. Every action checks its input before it changes
 * anything, and reports in the employee's language.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastConfigureForms.php';
require_once dirname(__FILE__) . '/ShopcastException.php';
require_once dirname(__FILE__) . '/ShopcastIndexes.php';
require_once dirname(__FILE__) . '/ShopcastSecret.php';
require_once dirname(__FILE__) . '/ShopcastServiceClient.php';

class ShopcastConfigurePage
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
     * The outcome of the submitted action, if any, then the forms.
     *
     * @return string HTML
     */
    public function render()
    {
        $messages = $this->processActions();
        $forms = new ShopcastConfigureForms($this->module);

        return $messages . $forms->render();
    }

    /**
     * @return string HTML messages
     */
    private function processActions()
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
                Shopcast::forgetSecret();

                return $this->module->displayConfirmation($this->module->l('A new secret is stored. The service picks it up within seconds, without a restart, and accepts the previous one for 10 more minutes so that open pages keep working. If its environment sets SHOPCAST_MODULE_SECRET, that value wins over this one and the service will refuse the module until the variable is removed.', 'shopcastconfigurepage'));
            }
            if (Tools::isSubmit('submitShopcastMigrate')) {
                $applied = $this->module->applyMigrations();
                ShopcastSecret::ensure();

                return $this->module->displayConfirmation(sprintf($this->module->l('Shopcast tables are up to date (migrations applied now: %s).', 'shopcastconfigurepage'), $applied ? implode(', ', $applied) : '0'));
            }
            if (Tools::isSubmit('submitShopcastDeleteData')) {
                return $this->deleteAllData();
            }
            if (Tools::isSubmit('submitShopcastAddIndexes')) {
                $added = ShopcastIndexes::addMissing();

                return $this->module->displayConfirmation(sprintf($this->module->l('Indexes added: %s.', 'shopcastconfigurepage'), $added ? implode(', ', $added) : '0'));
            }
        } catch (Exception $e) {
            return $this->module->displayError(htmlspecialchars($e->getMessage(), ENT_QUOTES, 'UTF-8'));
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
        $serviceUrl = self::normalizeServiceUrl(Tools::getValue(Shopcast::CONFIG_SERVICE_URL));
        if ($serviceUrl === null) {
            return $this->module->displayError($this->module->l('The service URL must be an http:// or https:// address without query string, for example http://127.0.0.1:8080. Nothing was saved.', 'shopcastconfigurepage'));
        }
        $publicUrl = trim((string) Tools::getValue(Shopcast::CONFIG_PUBLIC_URL));
        if ($publicUrl !== '') {
            $publicUrl = self::normalizeServiceUrl($publicUrl);
            if ($publicUrl === null) {
                return $this->module->displayError($this->module->l('The back-office URL must be empty or an http:// or https:// address without query string. Nothing was saved.', 'shopcastconfigurepage'));
            }
        }
        Configuration::updateGlobalValue(Shopcast::CONFIG_SERVICE_URL, $serviceUrl);
        Configuration::updateGlobalValue(Shopcast::CONFIG_PUBLIC_URL, $publicUrl);

        return $this->module->displayConfirmation($this->module->l('Settings saved.', 'shopcastconfigurepage'));
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
        $client = new ShopcastServiceClient($this->module->getServiceUrl());
        $result = $client->health();
        $url = htmlspecialchars($this->module->getServiceUrl(), ENT_QUOTES, 'UTF-8');
        if ($result['error'] !== '') {
            return $this->module->displayError(sprintf($this->module->l('Could not reach the service at %s: %s', 'shopcastconfigurepage'), $url, htmlspecialchars($result['error'], ENT_QUOTES, 'UTF-8')));
        }
        $report = $result['report'];
        if (!isset($report['database'], $report['migrations'], $report['provider'])) {
            return $this->module->displayError(sprintf($this->module->l('%s answered with HTTP %d but not with a Shopcast health report: check the service URL.', 'shopcastconfigurepage'), $url, $result['status']));
        }
        $parts = array(
            !empty($report['database']['ok']) ? $this->module->l('database ok', 'shopcastconfigurepage') : $this->module->l('database unreachable', 'shopcastconfigurepage'),
            !empty($report['migrations']['current']) ? $this->module->l('tables up to date', 'shopcastconfigurepage') : $this->module->l('migrations pending', 'shopcastconfigurepage'),
            sprintf(
                !empty($report['provider']['configured']) ? $this->module->l('SMS provider %s configured', 'shopcastconfigurepage') : $this->module->l('SMS provider %s not configured', 'shopcastconfigurepage'),
                htmlspecialchars((string) $report['provider']['name'], ENT_QUOTES, 'UTF-8')
            ),
        );
        $summary = sprintf('HTTP %d: %s', $result['status'], implode(', ', $parts));
        if ($result['ok']) {
            return $this->module->displayConfirmation(sprintf($this->module->l('The service answers (%s).', 'shopcastconfigurepage'), $summary));
        }

        return $this->module->displayWarning(sprintf($this->module->l('The service answers but reports a problem (%s).', 'shopcastconfigurepage'), $summary));
    }

    /**
     * Drops every Shopcast table (data, history, settings, secret, ledger) and forgets the service
     * URLs: the one way to erase Shopcast, asked for explicitly with a confirmation box because
     * nothing can bring the data back. Uninstalling keeps all of it.
     *
     * @return string HTML message
     */
    private function deleteAllData()
    {
        if ((string) Tools::getValue('SHOPCAST_CONFIRM_DELETE') !== '1') {
            return $this->module->displayError($this->module->l('Tick the confirmation box to delete all Shopcast data. Nothing was deleted.', 'shopcastconfigurepage'));
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
        Configuration::deleteByName(Shopcast::CONFIG_SERVICE_URL);
        Configuration::deleteByName(Shopcast::CONFIG_PUBLIC_URL);
        ShopcastSecret::forget();
        Shopcast::forgetSecret();

        return $this->module->displayConfirmation(sprintf($this->module->l('All Shopcast data was deleted (%d tables) and the service URLs were reset. Events are not recorded until the tables are created again with the button below.', 'shopcastconfigurepage'), $dropped));
    }
}
