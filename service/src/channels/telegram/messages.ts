import type { Lang } from '../../errors';

/**
 * What the bot says, in the language of the person writing to it (Telegram gives it as
 * language_code): French for fr*, English otherwise. Plain text only: shop names and chat
 * titles are inserted as they are, and a Markdown parse mode would choke on their underscores.
 */
export function langOf(languageCode: string | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const HELP: Record<Lang, string> = {
  fr: [
    'Commandes :',
    '/link CODE - relier ce chat à votre boutique avec le code affiché dans Shopcast (valable 15 minutes)',
    '/status - les boutiques dont ce chat reçoit les notifications',
    '/unlink - ne plus recevoir de notifications ici',
    '/help - cette aide',
  ].join('\n'),
  en: [
    'Commands:',
    '/link CODE - link this chat to your shop with the code shown in Shopcast (valid 15 minutes)',
    '/status - the shops whose notifications this chat receives',
    '/unlink - stop receiving notifications here',
    '/help - this help',
  ].join('\n'),
};

export const botText = {
  help: (lang: Lang) => HELP[lang],
  welcome: (lang: Lang) =>
    (lang === 'fr'
      ? 'Bonjour ! Je transmets les notifications [Admin] de votre boutique PrestaShop (Shopcast).\n\n'
      : 'Hello! I forward the [Admin] notifications of your PrestaShop shop (Shopcast).\n\n') + HELP[lang],
  linkUsage: (lang: Lang) =>
    lang === 'fr'
      ? 'Envoyez /link suivi du code affiché dans Shopcast (Réglages > Telegram), par exemple : /link ABCD2345EF'
      : 'Send /link followed by the code shown in Shopcast (Settings > Telegram), for example: /link ABCD2345EF',
  linked: (lang: Lang, shop: string) =>
    lang === 'fr'
      ? `Ce chat est relié à ${shop}. Les notifications choisies dans Shopcast arriveront ici. /unlink pour arrêter.`
      : `This chat is now linked to ${shop}. The notifications chosen in Shopcast will arrive here. /unlink to stop.`,
  expired: (lang: Lang) =>
    lang === 'fr'
      ? 'Ce code a expiré (il vaut 15 minutes). Demandez-en un nouveau dans Shopcast.'
      : 'This code has expired (codes last 15 minutes). Ask Shopcast for a new one.',
  invalid: (lang: Lang) =>
    lang === 'fr'
      ? "Ce code n'est pas valide ou a déjà servi. Vérifiez-le, ou demandez-en un nouveau dans Shopcast."
      : 'This code is not valid or was already used. Check it, or ask Shopcast for a new one.',
  unlinked: (lang: Lang) =>
    lang === 'fr' ? 'Ce chat ne recevra plus de notifications Shopcast.' : 'This chat will no longer receive Shopcast notifications.',
  notLinked: (lang: Lang) =>
    lang === 'fr' ? "Ce chat n'est relié à aucune boutique. /link CODE pour le relier." : 'This chat is not linked to any shop. /link CODE to link it.',
  status: (lang: Lang, shops: Array<{ name: string; since: string }>) =>
    (lang === 'fr' ? 'Ce chat reçoit les notifications de :\n' : 'This chat receives the notifications of:\n') +
    shops.map((s) => `- ${s.name} (${lang === 'fr' ? 'depuis le' : 'since'} ${s.since.slice(0, 10)})`).join('\n'),
  allShops: (lang: Lang) => (lang === 'fr' ? 'toutes vos boutiques' : 'all your shops'),
};
