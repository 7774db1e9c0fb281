/**
 * The variables a merchant may write in an SMS text, as {client_name}. One list serves the
 * editor's buttons, save-time validation and rendering. Marketing campaigns have no order, so
 * they only offer the customer and shop variables.
 */

export type VariableGroup = 'customer' | 'order' | 'delivery_address' | 'billing_address' | 'shop';
export type TemplateAudience = 'marketing' | 'notification';

export interface TemplateVariable {
  name: string;
  group: VariableGroup;
  /** Another name for the same value (the seed's texts write {commande_reference}). */
  aliasOf?: string;
  label: { fr: string; en: string };
  /** A plausible value, used to estimate the rendered length before real data exists. */
  example: string;
}

/** Values handed to rendering, keyed by variable name (an alias's own key is accepted too). */
export type TemplateContext = Record<string, string | number | null | undefined>;

const AUDIENCE_GROUPS: Record<TemplateAudience, readonly VariableGroup[]> = {
  marketing: ['customer', 'shop'],
  notification: ['customer', 'order', 'delivery_address', 'billing_address', 'shop'],
};

function v(name: string, group: VariableGroup, en: string, fr: string, example: string, aliasOf?: string): TemplateVariable {
  return aliasOf ? { name, group, aliasOf, label: { en, fr }, example } : { name, group, label: { en, fr }, example };
}

function addressVariables(prefix: 'delivery' | 'billing'): TemplateVariable[] {
  const group: VariableGroup = `${prefix}_address`;
  const en = prefix === 'delivery' ? 'Delivery address' : 'Billing address';
  const fr = prefix === 'delivery' ? 'Adresse de livraison' : 'Adresse de facturation';
  return [
    v(`${prefix}_address_alias`, group, `${en}: name`, `${fr} : nom`, 'Maison'),
    v(`${prefix}_address_street`, group, `${en}: street`, `${fr} : rue`, '12 rue de la Paix'),
    v(`${prefix}_address_additional`, group, `${en}: additional line`, `${fr} : complément`, 'Bat. B'),
    v(`${prefix}_address_postcode`, group, `${en}: postcode`, `${fr} : code postal`, '75002'),
    v(`${prefix}_address_city`, group, `${en}: city`, `${fr} : ville`, 'Paris'),
    v(`${prefix}_address_country`, group, `${en}: country`, `${fr} : pays`, 'France'),
  ];
}

/**
 * DESIGN's catalogue. client_name is the last name and client_surname the first name (the seed's
 * naming); client_lastname and client_firstname are clearer aliases of the same two values.
 */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = Object.freeze([
  v('client_name', 'customer', 'Customer last name', 'Nom du client', 'Dupont'),
  v('client_surname', 'customer', 'Customer first name', 'Prénom du client', 'Marie'),
  v('client_firstname', 'customer', 'Customer first name', 'Prénom du client', 'Marie', 'client_surname'),
  v('client_lastname', 'customer', 'Customer last name', 'Nom du client', 'Dupont', 'client_name'),
  v('client_email', 'customer', 'Customer email', 'E-mail du client', 'marie.dupont@example.com'),
  v('order_id', 'order', 'Order number', 'Numéro de commande', '1042'),
  v('order_reference', 'order', 'Order reference', 'Référence de commande', 'XKBKNABJK'),
  v('commande_reference', 'order', 'Order reference', 'Référence de commande', 'XKBKNABJK', 'order_reference'),
  v('order_payment_mode', 'order', 'Payment method', 'Mode de paiement', 'Carte bancaire'),
  v('order_amount', 'order', 'Order total', 'Montant de la commande', '59,90'),
  v('order_currency', 'order', 'Order currency', 'Devise de la commande', 'EUR'),
  v('order_state', 'order', 'Order status', 'État de la commande', 'Expédié'),
  v('tracking_number', 'order', 'Tracking number', 'Numéro de suivi', '6A12345678901'),
  ...addressVariables('delivery'),
  ...addressVariables('billing'),
  v('shop_name', 'shop', 'Shop name', 'Nom de la boutique', 'Ma Boutique'),
]);

const BY_NAME = new Map(TEMPLATE_VARIABLES.map((variable) => [variable.name, variable]));

export function findVariable(name: string): TemplateVariable | undefined {
  return BY_NAME.get(name);
}

/** The name whose value an alias shows (the name itself when it is not an alias). */
export function canonicalName(name: string): string {
  return BY_NAME.get(name)?.aliasOf ?? name;
}

/** The variables a text written for this audience may use, in catalogue order. */
export function variablesFor(audience: TemplateAudience): TemplateVariable[] {
  const groups = AUDIENCE_GROUPS[audience];
  return TEMPLATE_VARIABLES.filter((variable) => groups.includes(variable.group));
}

export function isAvailable(name: string, audience: TemplateAudience): boolean {
  const variable = BY_NAME.get(name);
  return variable !== undefined && AUDIENCE_GROUPS[audience].includes(variable.group);
}

/** Example values for every variable: the editor's length estimate before any real data. */
export function sampleContext(): TemplateContext {
  const context: TemplateContext = {};
  for (const variable of TEMPLATE_VARIABLES) context[variable.name] = variable.example;
  return context;
}

/**
 * The value shown for a variable: the context's entry under the canonical name, else under any of
 * its aliases. Missing values render as '' (a known variable without data, e.g. no tracking yet).
 */
export function contextValue(context: TemplateContext, canonical: string): string {
  let value = context[canonical];
  if (value === undefined || value === null) {
    const alias = TEMPLATE_VARIABLES.find((variable) => variable.aliasOf === canonical && context[variable.name] != null);
    value = alias ? context[alias.name] : undefined;
  }
  return value === undefined || value === null ? '' : String(value);
}
