import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, isShopcastError, issueMessage, Lang, statusOf, titleOf } from '../errors';
import type { Logger } from '../logging';

/** fr when the caller asks for it (?lang=fr or Accept-Language: fr...), en otherwise. */
export function requestLang(req: Request): Lang {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : req.get('accept-language') ?? '';
  return asked.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const BODY_MESSAGES: Record<'tooLarge' | 'notJson', Record<Lang, string>> = {
  tooLarge: { en: 'request body too large', fr: 'corps de requête trop volumineux' },
  notJson: { en: 'request body is not valid JSON', fr: "le corps de la requête n'est pas du JSON valide" },
};

/**
 * The one place errors become HTTP answers: { error: { code, title, message, issues } }.
 * Known errors keep their message, in the caller's language when written in both; anything else is logged and answered generically, so no
 * internal detail (SQL, stack, secret) ever reaches a client.
 */
export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const lang = requestLang(req);
    if (isShopcastError(err)) {
      res.status(statusOf(err.code)).json({
        error: {
          code: err.code,
          title: titleOf(err.code, lang),
          message: err.messageIn(lang),
          params: err.params,
          issues: err.issues.map((issue) => ({ ...issue, message: issueMessage(issue, lang) })),
        },
      });
      return;
    }
    const bodyError = err as { type?: string; status?: number };
    if (bodyError?.type === 'entity.parse.failed' || bodyError?.type === 'entity.too.large') {
      const code: ErrorCode = 'invalid_input';
      const message = bodyError.type === 'entity.too.large' ? BODY_MESSAGES.tooLarge : BODY_MESSAGES.notJson;
      res.status(bodyError.status ?? 400).json({ error: { code, title: titleOf(code, lang), message: message[lang], params: {}, issues: [] } });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', title: titleOf('internal', lang), message: titleOf('internal', lang), params: {}, issues: [] } });
  };
}
