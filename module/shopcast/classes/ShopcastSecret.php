<?php
/**
 * The module secret, which signs admin tokens and wake calls (ShopcastSigner). The module and the
 * service each keep a copy, encrypted with a key that is not in the database, so a dump, a backup
 * or a read-only database user reveals neither:
 * - the module's, in Configuration (SHOPCAST_SECRET), encrypted with PhpEncryption and the shop's
 *   _NEW_COOKIE_KEY_ (app/config/parameters.php);
 * - the service's, in the `module_secret` row of shopcast_setting, sealed with the service's public
 *   key (`module_seal_public_key`, RSA-OAEP); only the service holds the private key.
 * The module makes the secret (install, rotation) and seals it for the service. When the service
 * has not published its key yet, or has a new one, the module seals it again as soon as it sees
 * the key: on a back-office page, and after a wake call the service refused.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastException.php';

class ShopcastSecret
{
    const CONFIG_SECRET = 'SHOPCAST_SECRET';
    /** sha256 of the public key the secret was last sealed with, '' when not sealed yet */
    const CONFIG_SEALED_FOR = 'SHOPCAST_SECRET_SEALED_FOR';
    const ROW = 'module_secret';
    const PUBLIC_KEY_ROW = 'module_seal_public_key';
    const SEALED_PREFIX = 'sealed:v1:';

    /**
     * @return string|null null when there is none, or it cannot be decrypted (the shop's cookie key changed)
     */
    public static function read()
    {
        $stored = Configuration::getGlobalValue(self::CONFIG_SECRET);
        if (!is_string($stored) || $stored === '') {
            return null;
        }
        try {
            $secret = self::cipher()->decrypt($stored);
        } catch (Exception $e) {
            return null;
        }

        return is_string($secret) && $secret !== '' ? $secret : null;
    }

    /**
     * The module's secret, creating it when there is none: the plain one an earlier version left
     * in the settings table when there is one (the service knows it already), else a new one.
     *
     * @return string
     */
    public static function ensure()
    {
        $secret = self::read();
        if ($secret !== null) {
            return $secret;
        }
        $legacy = self::storedRow();
        self::store($legacy !== null && strpos($legacy, self::SEALED_PREFIX) !== 0 ? $legacy : self::generate());
        self::publish();

        return self::read();
    }

    /**
     * Replaces the secret. The running service re-reads its row when a proof made with a secret
     * it does not know arrives, and accepts the previous one for 10 more minutes, so neither the
     * next wake call nor an open back-office page is refused (unless its environment sets
     * SHOPCAST_MODULE_SECRET, which wins: the configure page says so).
     *
     * @return string the new secret
     */
    public static function rotate()
    {
        self::store(self::generate());
        self::publish();

        return self::read();
    }

    /**
     * Seals the secret again when the service's public key is not the one it was sealed with
     * (first start of the service after the module's install, or a new key pair).
     *
     * @return bool true when it sealed it now
     */
    public static function publishIfStale()
    {
        $publicKey = self::publicKey();
        if ($publicKey === null || hash('sha256', $publicKey) === (string) Configuration::getGlobalValue(self::CONFIG_SEALED_FOR)) {
            return false;
        }

        return self::publish();
    }

    /**
     * True when the service can open the secret the module holds now.
     *
     * @return bool
     */
    public static function isSealed()
    {
        $publicKey = self::publicKey();

        return $publicKey !== null && hash('sha256', $publicKey) === (string) Configuration::getGlobalValue(self::CONFIG_SEALED_FOR);
    }

    /**
     * Deletes the module's copy, with the rest of Shopcast's data (the configure page's deletion).
     */
    public static function forget()
    {
        Configuration::deleteByName(self::CONFIG_SECRET);
        Configuration::deleteByName(self::CONFIG_SEALED_FOR);
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
     * Writes the secret, read back from Configuration (so two requests rotating at once seal the
     * one that stuck), sealed for the service's public key. Without a key (the service has never
     * run on this database) nothing is written: the secret is sealed when the key appears.
     *
     * @return bool
     */
    private static function publish()
    {
        $secret = self::read();
        $publicKey = self::publicKey();
        if ($secret === null || $publicKey === null) {
            Configuration::updateGlobalValue(self::CONFIG_SEALED_FOR, '');

            return false;
        }
        if (!openssl_public_encrypt($secret, $sealed, $publicKey, OPENSSL_PKCS1_OAEP_PADDING)) {
            throw new ShopcastException('Could not seal the Shopcast secret for the service: ' . openssl_error_string());
        }
        $stored = Db::getInstance()->execute(
            'INSERT INTO `' . _DB_PREFIX_ . 'shopcast_setting` (`id_shop`, `name`, `value`, `is_secret`, `updated_at`) '
            . "VALUES (0, '" . self::ROW . "', '" . pSQL(self::SEALED_PREFIX . base64_encode($sealed)) . "', 1, '" . pSQL(gmdate('Y-m-d H:i:s')) . "') "
            . 'ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `is_secret` = 1, `updated_at` = VALUES(`updated_at`)',
            false
        );
        if (!$stored) {
            throw new ShopcastException('Could not store the sealed Shopcast secret: ' . Db::getInstance()->getMsgError());
        }
        Configuration::updateGlobalValue(self::CONFIG_SEALED_FOR, hash('sha256', $publicKey));

        return true;
    }

    /**
     * @param string $secret
     */
    private static function store($secret)
    {
        if (!Configuration::updateGlobalValue(self::CONFIG_SECRET, self::cipher()->encrypt($secret))) {
            throw new ShopcastException('Could not store the Shopcast secret in the configuration');
        }
    }

    /**
     * @return string|null the service's public key (PEM), null before the service's first start
     */
    private static function publicKey()
    {
        $value = self::settingValue(self::PUBLIC_KEY_ROW);

        return $value !== null && strpos($value, '-----BEGIN PUBLIC KEY-----') === 0 ? $value : null;
    }

    /**
     * @return string|null what the `module_secret` row holds: sealed, or plain from an earlier version
     */
    private static function storedRow()
    {
        return self::settingValue(self::ROW);
    }

    /**
     * @param string $name
     *
     * @return string|null
     */
    private static function settingValue($name)
    {
        $value = Db::getInstance()->getValue(
            'SELECT `value` FROM `' . _DB_PREFIX_ . "shopcast_setting` WHERE `id_shop` = 0 AND `name` = '" . pSQL($name) . "'",
            false
        );

        return is_string($value) && $value !== '' ? $value : null;
    }

    /**
     * PrestaShop's own encryption (defuse/php-encryption), keyed by a file of the shop, not by
     * anything in its database.
     *
     * @return PhpEncryption
     */
    private static function cipher()
    {
        return new PhpEncryption(_NEW_COOKIE_KEY_);
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
