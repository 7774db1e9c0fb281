<?php
/**
 * The back-office menu: one "Shopcast SMS" entry under Improve with a child per admin page, each
 * a ModuleAdminController of controllers/admin/.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class ShopcastMenu
{
    /**
     * The parent entry first, then its children in display order.
     *
     * @var array<string, array>
     */
    private static $entries = array(
        'AdminShopcast' => array('parent' => 'IMPROVE', 'icon' => 'sms', 'en' => 'Shopcast SMS', 'fr' => 'Shopcast SMS'),
        'AdminShopcastMarketing' => array('parent' => 'AdminShopcast', 'en' => 'SMS marketing', 'fr' => 'SMS marketing'),
        'AdminShopcastNotifications' => array('parent' => 'AdminShopcast', 'en' => 'Notifications', 'fr' => 'Notifications'),
        'AdminShopcastCampaignHistory' => array('parent' => 'AdminShopcast', 'en' => 'Campaign history', 'fr' => 'Historique des campagnes'),
        'AdminShopcastNotificationHistory' => array('parent' => 'AdminShopcast', 'en' => 'Notification history', 'fr' => 'Historique des notifications'),
        'AdminShopcastSettings' => array('parent' => 'AdminShopcast', 'en' => 'Settings', 'fr' => 'Paramètres'),
    );

    /**
     * Creates the entries that are missing; those already there (reinstall) are kept.
     *
     * @param string $moduleName
     *
     * @return string|null the class name of the entry that could not be created, null when all exist
     */
    public static function install($moduleName)
    {
        $languages = Language::getLanguages(false);
        foreach (self::$entries as $className => $entry) {
            if (Tab::getIdFromClassName($className)) {
                continue;
            }
            $tab = new Tab();
            $tab->active = 1;
            $tab->class_name = $className;
            $tab->module = $moduleName;
            $tab->id_parent = (int) Tab::getIdFromClassName($entry['parent']);
            $tab->icon = isset($entry['icon']) ? $entry['icon'] : '';
            $tab->name = array();
            foreach ($languages as $language) {
                $tab->name[(int) $language['id_lang']] = $language['iso_code'] === 'fr' ? $entry['fr'] : $entry['en'];
            }
            if (!$tab->add()) {
                return $className;
            }
        }

        return null;
    }

    /**
     * Removes the entries, children first.
     *
     * @return bool
     */
    public static function uninstall()
    {
        foreach (array_reverse(array_keys(self::$entries)) as $className) {
            $idTab = (int) Tab::getIdFromClassName($className);
            if ($idTab) {
                $tab = new Tab($idTab);
                $tab->delete();
            }
        }

        return true;
    }
}
