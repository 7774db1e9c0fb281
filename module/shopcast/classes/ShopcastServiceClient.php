<?php
/**
 * The module's only outgoing calls: the wake ping after an event is written and the health check
 * of the configure page. Plain curl with a hard total timeout; nothing here throws, a failure is
 * returned as data for the caller to log or show.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once dirname(__FILE__) . '/ShopcastSigner.php';

class ShopcastServiceClient
{
    /** A hook waits at most this long: a checkout must never stall on our service. */
    const WAKE_TIMEOUT_MS = 1000;

    const HEALTH_TIMEOUT_MS = 2000;

    /** @var string */
    private $baseUrl;

    /** @var string|null */
    private $secret;

    /**
     * @param string $baseUrl service URL without trailing slash
     * @param string|null $secret module secret; needed by wake() only
     */
    public function __construct($baseUrl, $secret = null)
    {
        $this->baseUrl = rtrim($baseUrl, '/');
        $this->secret = $secret;
    }

    /**
     * Tells the service that outbox rows are waiting. The body is signed so that only the module
     * can trigger work; the service reads the rows themselves from the database, never from here.
     *
     * @param array $body small JSON object (event id, name, shop)
     *
     * @return array{ok: bool, status: int, error: string, reason: string}
     */
    public function wake(array $body)
    {
        $raw = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        $headers = array(
            'Content-Type: application/json',
            'X-Shopcast-Signature: ' . ShopcastSigner::ingressSignature((string) $this->secret, $raw, time()),
        );
        $result = $this->request('/api/events/wake', $raw, $headers, self::WAKE_TIMEOUT_MS);
        $result['ok'] = $result['error'] === '' && $result['status'] >= 200 && $result['status'] < 300;

        return $result;
    }

    /**
     * GET /health: the service answers 200 when everything is fine, 503 when degraded, with a
     * JSON report either way.
     *
     * @return array{ok: bool, status: int, error: string, reason: string, report: array|null}
     */
    public function health()
    {
        $result = $this->request('/health', null, array('Accept: application/json'), self::HEALTH_TIMEOUT_MS);
        $report = json_decode($result['body'], true);
        $result['report'] = is_array($report) ? $report : null;
        $result['ok'] = $result['error'] === '' && $result['status'] === 200;

        return $result;
    }

    /**
     * @param string $path
     * @param string|null $postBody null for a GET
     * @param string[] $headers
     * @param int $timeoutMs total time allowed, connection included
     *
     * @return array{status: int, body: string, error: string, reason: string} error is curl's
     *         detailed message (shown on the configure page), reason its fixed wording (logged)
     */
    private function request($path, $postBody, array $headers, $timeoutMs)
    {
        if (!function_exists('curl_init')) {
            $missing = 'the PHP curl extension is not installed';

            return array('status' => 0, 'body' => '', 'error' => $missing, 'reason' => $missing);
        }
        $curl = curl_init($this->baseUrl . $path);
        $options = array(
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_CONNECTTIMEOUT_MS => $timeoutMs,
            CURLOPT_TIMEOUT_MS => $timeoutMs,
            // Millisecond timeouts need NOSIGNAL with the synchronous resolver: without it
            // libcurl rounds anything under a second down to "fail at once".
            CURLOPT_NOSIGNAL => true,
            CURLOPT_FOLLOWLOCATION => false,
            // The URL comes from the configure page: never let it reach file:// or other schemes.
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
        );
        if ($postBody !== null) {
            $options[CURLOPT_POST] = true;
            $options[CURLOPT_POSTFIELDS] = $postBody;
        }
        curl_setopt_array($curl, $options);
        $body = curl_exec($curl);
        $error = $body === false ? curl_error($curl) : '';
        $reason = $body === false ? curl_strerror(curl_errno($curl)) : '';
        $status = (int) curl_getinfo($curl, CURLINFO_HTTP_CODE);
        curl_close($curl);

        return array('status' => $status, 'body' => is_string($body) ? $body : '', 'error' => $error, 'reason' => $reason);
    }
}
