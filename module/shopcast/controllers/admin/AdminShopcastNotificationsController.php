<?php
/**
 * Back-office menu entry "Notifications": frames the service's "notifications" page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/../../classes/ShopcastAdminPageController.php';

class AdminShopcastNotificationsController extends ShopcastAdminPageController
{
    protected function getShopcastPage()
    {
        return 'notifications';
    }
}
