<?php
/**
 * The module secret: one row of Shopcast's setting table (id_shop 0, name module_secret,
 * is_secret 1), the single value both the module and the service read, so neither keeps a copy
 * that could drift. It signs admin tokens and wake calls (ShopcastSigner).
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastException.php';

class ShopcastSecret
{
    const NAME = 'module_secret';

    /**
     * @return string|null null when no secret was created yet (or the tables are gone)
     */
    public static function read()
    {
        $value = Db::getInstance()->getValue(
            'SELECT `value` FROM `' . _DB_PREFIX_ . "shopcast_setting` WHERE `id_shop` = 0 AND `name` = '" . self::NAME . "'",
            false
        );

        return is_string($value) && $value !== '' ? $value : null;
    }

    /**
     * The stored secret, creating a random one when there is none. INSERT IGNORE then a read
     * back: when the service creates one at the same moment, both end up using the row that stuck.
     *
     * @return string
     */
    public static function ensure()
    {
        $secret = self::read();
        if ($secret !== null) {
            return $secret;
        }
        Db::getInstance()->execute(
            'INSERT IGNORE INTO `' . _DB_PREFIX_ . 'shopcast_setting` (`id_shop`, `name`, `value`, `is_secret`, `updated_at`) '
            . "VALUES (0, '" . self::NAME . "', '" . pSQL(self::generate()) . "', 1, '" . pSQL(gmdate('Y-m-d H:i:s')) . "')",
            false
        );
        $secret = self::read();
        if ($secret === null) {
            throw new ShopcastException('Could not store the Shopcast secret: ' . Db::getInstance()->getMsgError());
        }

        return $secret;
    }

    /**
     * Replaces the secret. The running service re-reads the table when a proof made with a
     * secret it does not know arrives, and accepts the previous one for 10 more minutes, so
     * neither the next wake call nor an open back-office page is refused (unless its environment
     * sets SHOPCAST_MODULE_SECRET, which wins: the configure page says so).
     *
     * @return string the new secret
     */
    public static function rotate()
    {
        $secret = self::generate();
        $stored = Db::getInstance()->execute(
            'INSERT INTO `' . _DB_PREFIX_ . 'shopcast_setting` (`id_shop`, `name`, `value`, `is_secret`, `updated_at`) '
            . "VALUES (0, '" . self::NAME . "', '" . pSQL($secret) . "', 1, '" . pSQL(gmdate('Y-m-d H:i:s')) . "') "
            . 'ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `is_secret` = 1, `updated_at` = VALUES(`updated_at`)',
            false
        );
        if (!$stored) {
            throw new ShopcastException('Could not store the new Shopcast secret: ' . Db::getInstance()->getMsgError());
        }

        return $secret;
    }

    /**
     * Shows which secret is set without revealing it, like the service's maskSecret().
     *
     * @param string|null $secret
     *
     * @return string
     */
    public static function mask($secret)
    {
        if ($secret === null || $secret === '') {
            return '';
        }

        return '••••••••' . (strlen($secret) > 12 ? substr($secret, -4) : '');
    }

    /**
     * 32 random bytes as hex, the service's own format (crypto.randomBytes(32).toString('hex')).
     *
     * @return string
     */
    private static function generate()
    {
        return bin2hex(random_bytes(32));
    }
}
