import type { TelegramStatus } from '../../../service/src/channels/telegram/service';
import type { TelegramChat } from '../../../service/src/channels/telegram/linking';
import type { PageContext } from '../context';
import { formatDateTime, t } from '../i18n';
import { showIssues } from '../ui/issues';
import { dataTable } from '../ui/table';
import { alert, button, card, fill, h } from '../ui/dom';

interface LinkCode {
  code: string;
  link: string;
  expires_at: string;
}

/**
 * Staff chats on Telegram (issue 10): the bot's state, a one-time link code with its t.me deep
 * link (valid 15 minutes; the merchant sends it to the bot), and the linked chats with unlink.
 * The bot token itself is a setting of the "More settings" card.
 */
export async function telegramCard(ctx: PageContext): Promise<HTMLElement> {
  const status = await ctx.api.get<TelegramStatus>('/telegram/status');
  const codeSlot = h('div', { class: 'telegram-code' });
  const chatsSlot = h('div', { class: 'telegram-chats' });

  const loadChats = async () => {
    const { chats } = await ctx.api.get<{ chats: TelegramChat[] }>('/telegram/chats');
    const linked = chats.filter((c) => c.status === 'linked');
    fill(chatsSlot, dataTable<TelegramChat>([
      { label: t('telegram.chat'), cell: (c) => c.title ?? String(c.chat_id) },
      { label: t('telegram.linkedAt'), cell: (c) => formatDateTime(c.linked_at) },
      { label: '', cell: (c) => button(t('telegram.unlink'), async () => {
        await ctx.api.send('DELETE', `/telegram/chats/${c.id_telegram_chat}`);
        await loadChats();
      }, 'link') },
    ], linked, t('telegram.noChat')));
  };

  const issue = button(t('telegram.issueCode'), async () => {
    fill(codeSlot);
    try {
      const code = await ctx.api.send<LinkCode>('POST', '/telegram/link-codes', {});
      fill(codeSlot, alert('info',
        h('p', null, t('telegram.sendCode'), ' ', h('code', { class: 'link-code' }, `/start ${code.code}`)),
        h('p', null, h('a', { href: code.link, target: '_blank', rel: 'noopener' }, code.link)),
        h('p', { class: 'muted' }, t('telegram.expires', { at: formatDateTime(code.expires_at) }))));
    } catch (err) {
      showIssues(err, {}, codeSlot);
    }
  }, 'primary');

  await loadChats();
  const state = status.state === 'running' ? t('telegram.running', { bot: `@${status.username ?? ''}` }) : t(`telegram.state.${status.state}`);
  return card(t('telegram.title'),
    h('p', { class: 'telegram-state' }, state, status.error ? ` (${status.error})` : ''),
    h('div', null, issue), codeSlot, chatsSlot);
}
