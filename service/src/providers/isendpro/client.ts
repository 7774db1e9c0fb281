import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { CallOutcome } from './vendor';

/**
 * The HTTP transport to iSendPro. It never throws: every exchange ends as a CallOutcome. It retries
 * only what cannot send twice: a connection that was never established or whose TLS handshake
 * failed (the request was not written) and a 429/503 answer (the provider says it processed nothing), with exponential backoff
 * honouring Retry-After. A timeout or a connection dropped after the request was written is
 * returned as in_flight and never retried.
 */
export interface TransportOptions {
  baseUrl: string;
  /** whole-exchange limit per attempt; a send that outlives it ends unknown */
  timeoutMs: number;
  /** extra attempts after the first, for retryable failures only */
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
}

export type Transport = (request: AxiosRequestConfig) => Promise<CallOutcome>;

/** Error codes raised before a connection exists: the request cannot have reached the provider. */
const notConnected = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/**
 * TLS handshake failures. Node holds the request back until the handshake succeeds, so when it
 * fails (a certificate that is untrusted, expired or for another host, a server that does not
 * speak TLS) not one byte of it was written. These are OpenSSL's certificate verification codes as
 * Node reports them, the host name check, and the protocol errors of a failed handshake.
 */
const tlsHandshake = [
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_CRL', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_SIGNATURE_FAILURE', 'CRL_SIGNATURE_FAILURE', 'CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID', 'CRL_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD', 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_CHAIN_TOO_LONG', 'CERT_REVOKED', 'INVALID_CA',
  'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
];

const notWritten = new Set([...notConnected, ...tlsHandshake]);
const tlsCodes = new Set(tlsHandshake);

export function createTransport(options: TransportOptions): Transport {
  // Keep-alive saves a TLS handshake per batch; idle sockets are dropped after 4 s, before the
  // usual 5 s server-side timeout, so we rarely write onto a socket the server is closing.
  const agentOptions = { keepAlive: true, timeout: 4000, maxSockets: 16 };
  const client = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions),
  });
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const { outcome, retryAfterMs } = await exchange(client, request);
      const delay = retryDelay(outcome, retryAfterMs, attempt, options);
      if (delay === null) return outcome;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
}

async function exchange(client: AxiosInstance, request: AxiosRequestConfig): Promise<{ outcome: CallOutcome; retryAfterMs: number | null }> {
  try {
    const res = await client.request(request);
    return { outcome: { kind: 'answer', status: res.status, data: res.data }, retryAfterMs: parseRetryAfter(res.headers['retry-after']) };
  } catch (err) {
    const code = String((err as { code?: string }).code ?? 'network_error');
    // Only the code and a fixed sentence: axios messages and configs can carry the keyid query.
    if (notWritten.has(code)) {
      const message = tlsCodes.has(code) ? 'secure connection to the provider refused (TLS)' : 'could not connect to the provider';
      return { outcome: { kind: 'not_sent', code, message }, retryAfterMs: null };
    }
    const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
    return {
      outcome: { kind: 'in_flight', code: timedOut ? 'timeout' : code, message: timedOut ? 'no answer before the timeout' : 'connection lost during the exchange' },
      retryAfterMs: null,
    };
  }
}

/** Milliseconds to wait before the next attempt, or null when this outcome is final. */
export function retryDelay(outcome: CallOutcome, retryAfterMs: number | null, attempt: number, options: TransportOptions): number | null {
  if (attempt >= options.retries) return null;
  const busy = outcome.kind === 'answer' && (outcome.status === 429 || outcome.status === 503);
  if (outcome.kind !== 'not_sent' && !busy) return null;
  // A refused certificate is refused again a second later: no point waiting for it.
  if (outcome.kind === 'not_sent' && tlsCodes.has(outcome.code)) return null;
  const backoff = options.backoffMs * 2 ** attempt;
  return Math.min(options.maxBackoffMs, retryAfterMs ?? backoff);
}

function parseRetryAfter(value: unknown): number | null {
  const seconds = Number(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}
