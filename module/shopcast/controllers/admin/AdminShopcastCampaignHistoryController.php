<?php
/**
 * Back-office menu entry "Campaign history": frames the service's "campaign-history" page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/../../classes/ShopcastAdminPageController.php';

class AdminShopcastCampaignHistoryController extends ShopcastAdminPageController
{
    protected function getShopcastPage()
    {
        return 'campaign-history';
    }
}
