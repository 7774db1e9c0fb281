import { ApiError, type Issue } from '../api';
import { lang, t } from '../i18n';
import { alert, fill, h } from './dom';

/** Anything that can show error messages under a field. */
export interface ErrorSlot {
  setError(messages: string[] | string | null): void;
}

/** An issue in the page's language: both sentences when the API gives them, else its `message` (already in the Accept-Language). */
export function issueText(issue: Issue): string {
  return issue.messages?.[lang()] ?? issue.message;
}

/** What an API failure says in the page's language: its issues' sentences, else its message. */
export function failureDetail(err: ApiError): string[] {
  return err.issues.length === 0 ? [err.message] : err.issues.map(issueText);
}

/** The slot for an issue path: the exact key, else the longest key the path starts with ("criteria[2].value" -> "criteria[2]"). */
function slotFor(path: string, slots: Record<string, ErrorSlot>): ErrorSlot | undefined {
  let best: string | undefined;
  for (const key of Object.keys(slots)) {
    const prefix = path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
    if (prefix && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : slots[best];
}

/**
 * Shows an API failure where it belongs: each issue under the field its path names, the rest
 * (and the error's title) in `general`. Returns the error for callers that branch on its code.
 */
export function showIssues(err: unknown, slots: Record<string, ErrorSlot>, general: HTMLElement): ApiError | null {
  if (!(err instanceof ApiError)) {
    fill(general, alert('danger', t('error.unexpected')));
    return null;
  }
  const placed = new Map<ErrorSlot, string[]>();
  const unplaced: string[] = [];
  for (const issue of err.issues) {
    const slot = slotFor(issue.path, slots);
    if (slot) placed.set(slot, [...(placed.get(slot) ?? []), issueText(issue)]);
    else unplaced.push(issueText(issue));
  }
  for (const [slot, messages] of placed) slot.setError(messages);
  const detail = err.issues.length === 0 ? [err.message] : unplaced;
  fill(general, alert('danger', h('strong', null, err.title), ...detail.map((m) => h('div', null, m))));
  return err;
}
