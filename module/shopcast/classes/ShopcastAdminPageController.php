<?php
/**
 * One back-office menu entry: the service's admin page for that entry, framed in the back office
 * and opened with a short-lived admin token for the employee and the shops of the current shop
 * context. The token rides in the URL fragment, so it reaches the page but never a server log.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastSecret.php';
require_once dirname(__FILE__) . '/ShopcastSigner.php';

abstract class ShopcastAdminPageController extends ModuleAdminController
{
    /** Long enough for a working session on one page, short enough to be worthless if leaked. */
    const TOKEN_TTL_SECONDS = 3600;

    /**
     * The admin-ui page this entry opens (marketing, notifications, ...).
     *
     * @return string
     */
    abstract protected function getShopcastPage();

    public function __construct()
    {
        $this->bootstrap = true;
        parent::__construct();
    }

    public function initContent()
    {
        parent::initContent();
        // The dispatcher has already checked the employee's token; checked again because the
        // token we mint is a bearer credential for the service, never handed out on a bad one.
        if (!$this->checkToken() || !$this->access('view')) {
            $this->errors[] = $this->module->l('You do not have permission to open this page.', 'shopcastadminpagecontroller');

            return;
        }
        $url = $this->buildFrameUrl(time());
        if ($url === null) {
            $this->errors[] = $this->module->l('Shopcast is not set up yet: open the module configuration to create its tables.', 'shopcastadminpagecontroller');

            return;
        }
        $this->context->smarty->assign(array(
            'shopcast_frame_url' => $url,
            'shopcast_page' => $this->getShopcastPage(),
        ));
        $this->setTemplate('embed.tpl');
    }

    /**
     * {service}/admin/#page=<page>&token=<admin token>&lang=<fr|en>, or null without a secret.
     *
     * @param int $now unix seconds
     *
     * @return string|null
     */
    public function buildFrameUrl($now)
    {
        $secret = ShopcastSecret::read();
        if ($secret === null) {
            return null;
        }
        // The service may have started, or made a new key pair, since the secret was last sealed.
        ShopcastSecret::publishIfStale();
        $lang = $this->context->language->iso_code === 'fr' ? 'fr' : 'en';
        $token = ShopcastSigner::adminToken(
            $secret,
            Shop::getContextListShopID(),
            (int) $this->context->employee->id,
            $now + self::TOKEN_TTL_SECONDS,
            $lang
        );

        return $this->module->getPublicUrl() . '/admin/#' . http_build_query(array(
            'page' => $this->getShopcastPage(),
            'token' => $token,
            'lang' => $lang,
        ), '', '&', PHP_QUERY_RFC3986);
    }
}
