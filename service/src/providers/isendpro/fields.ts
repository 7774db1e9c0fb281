import { checkedString } from '../fields';
import type { SettingField } from '../types';

export const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 1000;

/** The settings iSendPro needs, in the order the settings page shows them. */
export const isendproFields: SettingField[] = [
  {
    key: 'isendpro_keyid',
    label: { fr: 'Votre keyid', en: 'Your keyid' },
    help: {
      fr: 'Entrez la keyid fournie dans Mon compte > Mon API sur isendpro.com',
      en: 'Enter the keyid shown under My account > My API on isendpro.com',
    },
    secret: true,
    // iSendPro issues 32 hexadecimal characters; leave room for other lengths rather than guess.
    schema: checkedString((v) =>
      /^[A-Za-z0-9]{8,64}$/.test(v) ? [] : [{ fr: 'La keyid doit compter 8 à 64 lettres ou chiffres.', en: 'The keyid must be 8 to 64 letters or digits.' }],
    ),
  },
  {
    key: 'isendpro_batch_size',
    label: { fr: 'Messages par envoi groupé', en: 'Messages per bulk call' },
    help: { fr: `Par défaut ${DEFAULT_BATCH_SIZE}.`, en: `${DEFAULT_BATCH_SIZE} by default.` },
    secret: false,
    fallback: String(DEFAULT_BATCH_SIZE),
    schema: checkedString((v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_BATCH_SIZE
        ? []
        : [{ fr: `Un nombre entier de 1 à ${MAX_BATCH_SIZE}.`, en: `A whole number from 1 to ${MAX_BATCH_SIZE}.` }],
    ),
  },
];
