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
require_once dirname(__FILE__) . '/classes/ShopcastConfigurePage.php';
require_once dirname(__FILE__) . '/classes/ShopcastMenu.php';

class Shopcast extends Module
{
    const CONFIG_SERVICE_URL = 'SHOPCAST_SERVICE_URL';
    const CONFIG_PUBLIC_URL = 'SHOPCAST_PUBLIC_URL';
    const DEFAULT_SERVICE_URL = 'http://127.0.0.1:8080';

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
     * @return bool true when every entry exists; otherwise the error is in $this->_errors
     */
    private function installMenu()
    {
        $failed = ShopcastMenu::install($this->name);
        if ($failed === null) {
            return true;
        }
        $this->_errors[] = sprintf($this->l('Could not create the back-office menu entry %s.'), $failed);

        return false;
    }

    /**
     * parent::uninstall() removes the hook registrations. Shopcast's tables, secret and service
     * URLs stay, so a reinstall finds the shop as the merchant left it: deleting data (and the
     * URLs with it) is the configure page's explicit action, never a side effect.
     */
    public function uninstall()
    {
        return parent::uninstall() && ShopcastMenu::uninstall();
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

    /**
     * @return array{applied: int[], pending: int[]} as ShopcastMigrator::status() reports it
     */
    public function migrationStatus()
    {
        return $this->getMigrator()->status();
    }

    /**
     * Forgets the secret the hooks of this request read, after a rotation or a data deletion.
     */
    public static function forgetSecret()
    {
        self::$secret = null;
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
        $page = new ShopcastConfigurePage($this);

        return $page->render();
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
            self::$secret = ShopcastSecret::ensure();
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
        if ($result['status'] === 401 && ShopcastSecret::publishIfStale()) {
            // The service had not seen this secret yet (its first start after the install, or a
            // new key pair): it is sealed for it now, so the next request's call is accepted.
            // Not logged: nothing is wrong. This request stops waking, as after any refusal.
            return;
        }
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
}
