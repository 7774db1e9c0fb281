<?php
/**
 * Back-office menu entry "SMS marketing": frames the service's "marketing" page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/../../classes/ShopcastAdminPageController.php';

class AdminShopcastMarketingController extends ShopcastAdminPageController
{
    protected function getShopcastPage()
    {
        return 'marketing';
    }
}
