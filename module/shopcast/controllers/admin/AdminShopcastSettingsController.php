<?php
/**
 * Back-office menu entry "Settings": frames the service's "settings" page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/../../classes/ShopcastAdminPageController.php';

class AdminShopcastSettingsController extends ShopcastAdminPageController
{
    protected function getShopcastPage()
    {
        return 'settings';
    }
}
