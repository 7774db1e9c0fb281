<?php
/**
 * PrestaShop's PhpEncryption, cut down to its contract: encrypt() returns an opaque string,
 * decrypt() the plaintext, or false when the key is not the one it was encrypted with or the
 * text was changed (as PhpEncryptionEngine does on defuse's WrongKeyOrModifiedCiphertextException).
 * The real class wraps defuse/php-encryption; this one uses AES-256-GCM, which has the same
 * property the module relies on: without the key from the shop's files, the value says nothing.
 */
class PhpEncryption
{
    private $key;

    public function __construct($asciiKey)
    {
        $this->key = hash('sha256', $asciiKey, true);
    }

    public function encrypt($plaintext)
    {
        $iv = random_bytes(12);
        $body = openssl_encrypt($plaintext, 'aes-256-gcm', $this->key, OPENSSL_RAW_DATA, $iv, $tag);

        return 'def50200' . bin2hex($iv . $tag . $body);
    }

    public function decrypt($cipherText)
    {
        $raw = @hex2bin(substr((string) $cipherText, 8));
        if ($raw === false || strlen($raw) < 28) {
            return false;
        }
        $plain = openssl_decrypt(substr($raw, 28), 'aes-256-gcm', $this->key, OPENSSL_RAW_DATA, substr($raw, 0, 12), substr($raw, 12, 16));

        return $plain === false ? false : $plain;
    }
}
