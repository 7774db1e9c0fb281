<?php
/**
 * The two proofs the service checks (service/src/auth/tokens.ts), both HMAC-SHA256 with the
 * module secret, produced here byte for byte as Node produces them:
 * - admin token: "v1." . base64url(JSON claims) . "." . base64url(HMAC("v1." . that base64));
 * - ingress signature: "t=<unix>,s=" . hex(HMAC(t . "." . raw body)).
 * base64url is Node's Buffer 'base64url': the URL-safe alphabet without "=" padding.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class ShopcastSigner
{
    const TOKEN_VERSION = 'v1';

    /**
     * @param string $secret
     * @param int[] $shopIds shops the bearer may act on
     * @param int $idEmployee
     * @param int $expiresAt unix seconds
     * @param string $lang "fr" or "en"
     *
     * @return string
     */
    public static function adminToken($secret, array $shopIds, $idEmployee, $expiresAt, $lang)
    {
        $claims = array(
            'shops' => array_values(array_map('intval', $shopIds)),
            'employee' => (int) $idEmployee,
            'exp' => (int) $expiresAt,
            'lang' => $lang === 'fr' ? 'fr' : 'en',
        );
        $body = self::base64Url(json_encode($claims, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
        $signed = self::TOKEN_VERSION . '.' . $body;

        return $signed . '.' . self::base64Url(hash_hmac('sha256', $signed, $secret, true));
    }

    /**
     * The X-Shopcast-Signature header value for a request body sent at $now.
     *
     * @param string $secret
     * @param string $rawBody exactly the bytes sent
     * @param int $now unix seconds
     *
     * @return string
     */
    public static function ingressSignature($secret, $rawBody, $now)
    {
        $t = (int) $now;

        return 't=' . $t . ',s=' . hash_hmac('sha256', $t . '.' . $rawBody, $secret);
    }

    /**
     * @param string $bytes
     *
     * @return string
     */
    private static function base64Url($bytes)
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }
}
