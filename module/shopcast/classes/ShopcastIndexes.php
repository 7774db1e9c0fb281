<?php
/**
 * Optional indexes on PrestaShop's own tables that make segment counts fast on large shops
 * (measured in the service's bench/segments.ts on 1M customers and 3M orders: every count of
 * the bench from 1-5 s to about 1-2 s). The service never alters PrestaShop's tables; the merchant
 * adds these from the configure page. Their names start with shopcast_ so they are easy to spot.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastException.php';

class ShopcastIndexes
{
    /**
     * @return array index name => array(table without prefix, column list)
     */
    public static function definitions()
    {
        return array(
            // Order-window criteria (orders count and total over the last months) read the index alone.
            'shopcast_customer_valid_date' => array('orders', '`id_customer`, `valid`, `date_add`, `total_paid_tax_incl`, `conversion_rate`'),
            // The sweep that finds changed addresses for the phone-number cache.
            'shopcast_date_upd' => array('address', '`date_upd`'),
            // Counts that start from customers read the base population and the commonest
            // criteria from the index alone (no customer row per candidate).
            'shopcast_customer_base' => array('customer', '`id_shop`, `deleted`, `active`, `newsletter`, `optin`, `date_add`'),
        );
    }

    /**
     * @return array index name => true when present
     */
    public static function status()
    {
        $status = array();
        foreach (self::definitions() as $name => $definition) {
            $rows = Db::getInstance()->executeS(
                'SHOW INDEX FROM `' . _DB_PREFIX_ . $definition[0] . "` WHERE `Key_name` = '" . pSQL($name) . "'",
                true,
                false
            );
            $status[$name] = is_array($rows) && count($rows) > 0;
        }

        return $status;
    }

    /**
     * Adds the indexes that are missing. On a large shop this takes a while (an ALTER TABLE on
     * the orders table); InnoDB builds it without blocking orders being placed.
     *
     * @return string[] the names added
     */
    public static function addMissing()
    {
        $added = array();
        $definitions = self::definitions();
        foreach (self::status() as $name => $present) {
            if ($present) {
                continue;
            }
            list($table, $columns) = $definitions[$name];
            $sql = 'ALTER TABLE `' . _DB_PREFIX_ . $table . '` ADD INDEX `' . $name . '` (' . $columns . ')';
            if (!Db::getInstance()->execute($sql, false)) {
                throw new ShopcastException('Could not add the index ' . $name . ': ' . Db::getInstance()->getMsgError());
            }
            $added[] = $name;
        }

        return $added;
    }
}
