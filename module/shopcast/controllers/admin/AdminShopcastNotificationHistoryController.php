<?php
/**
 * Back-office menu entry "Notification history": frames the service's "notification-history" page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/../../classes/ShopcastAdminPageController.php';

class AdminShopcastNotificationHistoryController extends ShopcastAdminPageController
{
    protected function getShopcastPage()
    {
        return 'notification-history';
    }
}
