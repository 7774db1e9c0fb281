/**
 * The admin API client. Every call carries the bearer token (the pages get it from the URL
 * fragment) and asks for answers in the page's language. Errors become ApiError with the API's
 * issues, so a form can put each message next to the field its `path` names.
 */
export type Lang = 'fr' | 'en';

export interface Issue {
  path: string;
  message: string;
  /** segment issues carry both sentences */
  messages?: { fr: string; en: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly issues: Issue[],
    readonly params: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Fetches a file (the export endpoints need the bearer header) and hands it to the browser as a download. */
  download(path: string, query: Record<string, string | number | undefined>, fallbackName: string): Promise<void>;
  /** Reads a server-sent event stream until it ends or `signal` aborts; EventSource cannot send the header. */
  stream(path: string, onEvent: (event: string, data: unknown) => void, signal: AbortSignal): Promise<void>;
}

function url(path: string, query: Record<string, string | number | undefined> = {}): string {
  // Relative to /admin/, so the pages keep working behind a reverse proxy that adds a prefix.
  const u = new URL(`../api${path}`, location.href);
  u.hash = '';
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return u.toString();
}

async function failure(res: Response): Promise<ApiError> {
  let body: { error?: { code?: string; title?: string; message?: string; issues?: Issue[]; params?: Record<string, unknown> } } = {};
  try {
    body = await res.json();
  } catch {
    body = {};
  }
  const e = body.error ?? {};
  return new ApiError(res.status, e.code ?? 'internal', e.title ?? res.statusText, e.message ?? res.statusText, e.issues ?? [], e.params ?? {});
}

export function createApi(token: string, lang: Lang, onUnauthorized: () => void): ApiClient {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'accept-language': lang, ...extra });
  const call = async (input: string, init: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    if (res.ok) return res;
    const err = await failure(res);
    // A bad or expired token; a shop outside the token's scope also answers 401, but names the shop.
    if (res.status === 401 && err.issues.length === 0 && Object.keys(err.params).length === 0) onUnauthorized();
    throw err;
  };
  return {
    async get(path, query) {
      return (await call(url(path, query), { headers: headers() })).json();
    },
    async send(method, path, body) {
      const init: RequestInit = { method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }) };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await call(url(path), init);
      return res.status === 204 ? (undefined as never) : res.json();
    },
    async download(path, query, fallbackName) {
      const res = await call(url(path, query), { headers: headers() });
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
      const href = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = href;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
    },
    async stream(path, onEvent, signal) {
      const res = await call(url(path), { headers: headers({ accept: 'text/event-stream' }), signal });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.replace(/^data: ?/, '')).join('\n');
          if (data) onEvent(event, JSON.parse(data));
        }
      }
    },
  };
}
