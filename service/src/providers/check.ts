import { isShopcastError } from '../errors';
import type { Bilingual } from './fields';
import type { Credit, SmsProvider } from './types';

/**
 * The keyid test the settings page runs when a keyid is saved (seed 4.1): one credit call, turned
 * into the sentence the merchant reads. It never throws: a failure is a status with its message.
 */
export type CheckStatus = 'ok' | 'sandbox' | 'not_configured' | 'bad_credentials' | 'ip_not_allowed' | 'failed';

export interface CredentialCheck {
  status: CheckStatus;
  credit: Credit | null;
  message: Bilingual;
  /** the provider's own code and words when it refused, for support */
  providerCode?: string | null;
  providerMessage?: string | null;
}

const fixed: Record<'sandbox' | 'not_configured' | 'bad_credentials' | 'ip_not_allowed', Bilingual> = {
  sandbox: {
    fr: 'Mode bac à sable : les messages sont enregistrés, jamais envoyés.',
    en: 'Sandbox mode: messages are recorded, never sent.',
  },
  not_configured: { fr: "Aucune keyid n'est renseignée.", en: 'No keyid is set.' },
  bad_credentials: { fr: 'Vos identifiants sont incorrects', en: 'Your credentials are incorrect' },
  ip_not_allowed: { fr: "L'adresse IP n'est pas autorisée", en: 'The IP address is not authorised' },
};

export async function checkCredentials(provider: SmsProvider): Promise<CredentialCheck> {
  if (provider.name === 'sandbox') return { status: 'sandbox', credit: await provider.credit(), message: fixed.sandbox };
  if (!(await provider.configured())) return { status: 'not_configured', credit: null, message: fixed.not_configured };
  try {
    const credit = await provider.credit();
    return { status: 'ok', credit, message: creditMessage(credit) };
  } catch (err) {
    if (!isShopcastError(err) || err.code !== 'provider_failed') throw err;
    const reason = err.params.reason;
    const status: CheckStatus = reason === 'bad_credentials' || reason === 'ip_not_allowed' ? reason : 'failed';
    const providerMessage = (err.params.providerMessage as string | null) ?? null;
    const message = status === 'failed' ? failedMessage(providerMessage) : fixed[status];
    return { status, credit: null, message, providerCode: (err.params.providerCode as string | null) ?? null, providerMessage };
  }
}

function creditMessage(credit: Credit): Bilingual {
  if (credit.smsFrance !== null) {
    return { fr: `Vous pouvez envoyer ${credit.smsFrance} SMS en France`, en: `You can send ${credit.smsFrance} SMS in France` };
  }
  const euros = credit.amount.toFixed(2);
  return { fr: `Crédit restant : ${euros.replace('.', ',')} €`, en: `Credit left: €${euros}` };
}

function failedMessage(providerMessage: string | null): Bilingual {
  const detail = providerMessage ? ` (${providerMessage})` : '';
  return {
    fr: `Le fournisseur SMS n'a pas pu être joint ou a refusé${detail}.`,
    en: `The SMS provider could not be reached or refused${detail}.`,
  };
}
