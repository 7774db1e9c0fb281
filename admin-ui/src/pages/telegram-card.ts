import type { TelegramChat } from '../../../service/src/channels/telegram/linking';
import type { TelegramStatus } from '../../../service/src/channels/telegram/service';
import type { PageContext } from '../context';
import { formatDateTime, t, tl } from '../i18n';
import { alert, button, card, fill, field, h, input, select, type Field } from '../ui/dom';
import { showIssues } from '../ui/issues';
import { dataTable } from '../ui/table';

interface LinkCode {
  code: string;
  link: string;
  expires_at: string;
}

interface SettingView {
  key: string;
  label: { fr: string; en: string };
  help: { fr: string; en: string } | null;
  secret: boolean;
  value: string | null;
  source: 'environment' | 'stored' | null;
}

/** The Telegram settings this card lays out (the settings page leaves them to it). */
export const TELEGRAM_SETTING_KEYS = ['telegram_bot_token', 'telegram_mode', 'telegram_public_url'];

/** How often the card looks for the chat a pending code links, and for the bot's start. */
const WATCH_MS = 2000;

/**
 * Staff chats on Telegram (issue 10): the bot's settings (token, how it receives messages, its
 * public address), its state, a one-time link code with its t.me deep link (valid 15 minutes; the
 * merchant sends it to the bot), and the linked chats with unlink. While a code is pending the
 * card watches the chat list, so the link shows as confirmed without a reload.
 */
export async function telegramCard(ctx: PageContext): Promise<HTMLElement> {
  const [status, page] = await Promise.all([ctx.api.get<TelegramStatus>('/telegram/status'), ctx.api.get<{ fields: SettingView[] }>('/settings')]);
  const stateLine = h('p', { class: 'telegram-state' });
  const codeSlot = h('div', { class: 'telegram-code' });
  const chatsNote = h('div', { class: 'telegram-chats-note' });
  const chatsSlot = h('div', { class: 'telegram-chats' });
  let watching = 0;

  const showState = (s: TelegramStatus) => {
    const state = s.state === 'running' ? t('telegram.running', { bot: `@${s.username ?? ''}` }) : t(`telegram.state.${s.state}`);
    fill(stateLine, state, s.error ? ` (${s.error})` : '');
  };

  const loadChats = async (): Promise<TelegramChat[]> => {
    const { chats } = await ctx.api.get<{ chats: TelegramChat[] }>('/telegram/chats');
    const linked = chats.filter((c) => c.status === 'linked');
    fill(chatsSlot, dataTable<TelegramChat>([
      { label: t('telegram.chat'), cell: (c) => chatName(c) },
      { label: t('telegram.linkedAt'), cell: (c) => formatDateTime(c.linked_at) },
      { label: '', cell: (c) => button(t('telegram.unlink'), () => void unlink(c), 'link', { 'aria-label': t('telegram.unlinkChat', { chat: chatName(c) }) }) },
    ], linked, t('telegram.noChat')));
    return linked;
  };

  const unlink = async (chat: TelegramChat) => {
    fill(chatsNote);
    try {
      await ctx.api.send('DELETE', `/telegram/chats/${chat.id_telegram_chat}`);
      fill(chatsNote, alert('success', t('telegram.unlinked', { chat: chatName(chat) })));
    } catch (err) {
      showIssues(err, {}, chatsNote);
    }
    await loadChats().catch((err) => showIssues(err, {}, chatsNote));
  };

  /** Until the code is used (a chat not linked before appears) or expires, or the page is left. */
  const watch = (code: LinkCode, before: Set<number>) => {
    const run = ++watching;
    const tick = async () => {
      if (run !== watching || ctx.signal.aborted || !stateLine.isConnected) return;
      try {
        const fresh = (await loadChats()).find((c) => !before.has(c.id_telegram_chat));
        if (fresh) return void fill(codeSlot, alert('success', t('telegram.linkedNow', { chat: chatName(fresh) })));
      } catch {
        // A lost answer is retried at the next tick; the code itself is still valid.
      }
      if (Date.now() > Date.parse(`${code.expires_at.replace(' ', 'T')}Z`)) return void fill(codeSlot, alert('warning', t('telegram.codeExpired')));
      window.setTimeout(() => void tick(), WATCH_MS);
    };
    window.setTimeout(() => void tick(), WATCH_MS);
  };

  const issue = button(t('telegram.issueCode'), async () => {
    fill(codeSlot);
    try {
      const before = new Set((await loadChats()).map((c) => c.id_telegram_chat));
      const code = await ctx.api.send<LinkCode>('POST', '/telegram/link-codes', {});
      fill(codeSlot, alert('info',
        h('p', null, t('telegram.sendCode'), ' ', h('code', { class: 'link-code' }, `/start ${code.code}`)),
        h('p', null, h('a', { href: code.link, target: '_blank', rel: 'noopener' }, code.link)),
        h('p', { class: 'muted' }, t('telegram.expires', { at: formatDateTime(code.expires_at) }), ' ', t('telegram.waiting'))));
      watch(code, before);
    } catch (err) {
      showIssues(err, {}, codeSlot);
    }
  }, 'primary');

  /** After a save the bot restarts: its state is read again until it has started or failed. */
  const followStart = async (tries = 10) => {
    const s = await ctx.api.get<TelegramStatus>('/telegram/status').catch(() => null);
    if (!s || !stateLine.isConnected || ctx.signal.aborted) return;
    showState(s);
    if (s.state === 'starting' && tries > 1) window.setTimeout(() => void followStart(tries - 1), WATCH_MS / 2);
  };

  showState(status);
  await loadChats();
  return card(t('telegram.title'),
    stateLine,
    settingsForm(ctx, page.fields, () => void followStart()),
    h('div', null, issue), codeSlot, chatsNote, chatsSlot);
}

function chatName(chat: TelegramChat): string {
  return chat.title ?? String(chat.chat_id);
}

/** Token (kept secret: an empty box keeps the stored one), mode as a choice, public address. */
function settingsForm(ctx: PageContext, fields: SettingView[], onSaved: () => void): HTMLElement {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const made: Array<{ key: string; field: Field; secret: boolean }> = [];
  const make = (key: string, control: HTMLInputElement | HTMLSelectElement) => {
    const f = byKey.get(key);
    if (!f) return null;
    if (f.source === 'environment') control.disabled = true;
    const built = field(tl(f.label), control, tl(f.help), f.source === 'environment' ? h('p', { class: 'help' }, t('settings.fromEnvironment')) : null);
    made.push({ key, field: built, secret: f.secret });
    return built.wrap;
  };
  const token = byKey.get('telegram_bot_token');
  const mode = byKey.get('telegram_mode')?.value === 'webhook' ? 'webhook' : 'polling';
  const url = byKey.get('telegram_public_url');
  const general = h('div');
  const save = button(t('telegram.saveSettings'), async () => {
    made.forEach((m) => m.field.setError(null));
    fill(general);
    // An empty secret means "keep the stored one": only what was typed is sent.
    const values = Object.fromEntries(made.filter((m) => !m.secret || m.field.control.value.trim() !== '').map((m) => [m.key, m.field.control.value.trim() || null]));
    try {
      const saved = await ctx.api.send<{ fields: SettingView[] }>('PUT', '/settings', values);
      for (const m of made.filter((x) => x.secret)) {
        (m.field.control as HTMLInputElement).placeholder = saved.fields.find((s) => s.key === m.key)?.value ?? '';
        m.field.control.value = '';
      }
      fill(general, alert('success', t('settings.saved')));
      onSaved();
    } catch (err) {
      showIssues(err, Object.fromEntries(made.map((m) => [m.key, m.field])), general);
    }
  }, 'secondary');
  return h('details', { class: 'telegram-settings', open: token?.value ? null : true },
    h('summary', null, t('telegram.settings')),
    make('telegram_bot_token', input({ type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: token?.value ?? '' })),
    make('telegram_mode', select([['polling', t('telegram.modePolling')], ['webhook', t('telegram.modeWebhook')]], mode)),
    make('telegram_public_url', input({ type: 'url', value: url?.value ?? '', placeholder: 'https://shop.example.com/shopcast' })),
    general, h('div', { class: 'card-footer' }, save));
}
