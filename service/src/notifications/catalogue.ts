/**
 * The events a notification rule can listen to: the seed's annex, each in an [Admin] version
 * (sent to the shop's admin mobile) and a [Client] version (sent to the customer). Default texts
 * come from the annex with its typos fixed (commande_reference is written order_reference, the
 * remote-payment and cash-on-delivery texts no longer talk about cheques); the English texts are
 * ours. Every default text stays within the GSM alphabet so it goes out unchanged in France.
 */
export type Audience = 'admin' | 'client';

/** A catalogue key: `order_state:<id_order_state>` or one of the named events. */
export type EventKey = string;

export type NamedEvent =
  | 'payment_confirmation'
  | 'customer_account_created'
  | 'tracking_number_updated'
  | 'order_modified'
  | 'customer_return'
  | 'order_validated';

export interface EventTexts {
  fr: string;
  en: string;
}

export interface CatalogueEvent {
  key: EventKey;
  /** false for customer_account_created: no order, so no order or address variables */
  hasOrder: boolean;
  label: EventTexts;
  defaults: Record<Audience, EventTexts>;
}

/** The 13 order states PrestaShop installs, by their default ids (PS_OS_* configuration keys). */
export const DEFAULT_ORDER_STATES: Record<number, { label: EventTexts; admin: EventTexts; client: EventTexts }> = {
  1: {
    label: { fr: 'En attente du paiement par chèque', en: 'Awaiting check payment' },
    admin: { fr: 'Paiement par chèque attendu pour la commande {order_reference}, boutique {shop_name}.', en: 'Check payment awaited for order {order_reference}, shop {shop_name}.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en attente de paiement par chèque. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} is awaiting check payment. Have a nice day, {shop_name}.' },
  },
  2: {
    label: { fr: 'Paiement accepté', en: 'Payment accepted' },
    admin: { fr: 'Paiement de la commande {order_reference} accepté. Merci de préparer la commande.', en: 'Payment for order {order_reference} accepted. Please prepare the order.' },
    client: { fr: 'Cher {client_surname} {client_name}, le paiement de votre commande {order_reference} a été accepté. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, the payment for your order {order_reference} was accepted. Have a nice day, {shop_name}.' },
  },
  3: {
    label: { fr: 'En cours de préparation', en: 'Processing in progress' },
    admin: { fr: 'Commande {order_reference} en cours de préparation.', en: 'Order {order_reference} is being prepared.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en cours de préparation. Bonne journée, {shop_name}. Merci de votre confiance !', en: 'Dear {client_surname} {client_name}, your order {order_reference} is being prepared. Have a nice day, {shop_name}. Thank you for your trust!' },
  },
  4: {
    label: { fr: 'Expédié', en: 'Shipped' },
    admin: { fr: 'Commande {order_reference} expédiée.', en: 'Order {order_reference} shipped.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} a été expédiée. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} has been shipped. Have a nice day, {shop_name}.' },
  },
  5: {
    label: { fr: 'Livré', en: 'Delivered' },
    admin: { fr: 'Commande {order_reference} livrée.', en: 'Order {order_reference} delivered.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} a été livrée. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} has been delivered. Have a nice day, {shop_name}.' },
  },
  6: {
    label: { fr: 'Annulé', en: 'Canceled' },
    admin: { fr: 'Commande {order_reference} annulée. Le montant était de {order_amount} {order_currency}.', en: 'Order {order_reference} canceled. The amount was {order_amount} {order_currency}.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} de {order_amount} {order_currency} a été annulée. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} of {order_amount} {order_currency} has been canceled. Have a nice day, {shop_name}.' },
  },
  7: {
    label: { fr: 'Remboursé', en: 'Refunded' },
    admin: { fr: 'Commande {order_reference} remboursée.', en: 'Order {order_reference} refunded.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} a été remboursée. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} has been refunded. Have a nice day, {shop_name}.' },
  },
  8: {
    label: { fr: 'Erreur de paiement', en: 'Payment error' },
    admin: { fr: 'Erreur de paiement sur la commande {order_reference}.', en: 'Payment error on order {order_reference}.' },
    client: { fr: 'Cher {client_surname} {client_name}, une erreur de paiement est survenue sur votre commande {order_reference}.', en: 'Dear {client_surname} {client_name}, a payment error occurred on your order {order_reference}.' },
  },
  9: {
    label: { fr: 'En attente de réapprovisionnement (payé)', en: 'On backorder (paid)' },
    admin: { fr: 'Commande (payée) {order_reference} en attente de réapprovisionnement.', en: 'Order (paid) {order_reference} is on backorder.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en attente de réapprovisionnement (payée). Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} is on backorder (paid). Have a nice day, {shop_name}.' },
  },
  10: {
    label: { fr: 'En attente de virement bancaire', en: 'Awaiting bank wire payment' },
    admin: { fr: 'Commande {order_reference} en attente de virement bancaire.', en: 'Order {order_reference} is awaiting a bank wire.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en attente de virement bancaire. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} is awaiting bank wire payment. Have a nice day, {shop_name}.' },
  },
  11: {
    label: { fr: 'Paiement à distance accepté', en: 'Remote payment accepted' },
    admin: { fr: 'Paiement à distance de la commande {order_reference} accepté. Merci de préparer la commande.', en: 'Remote payment for order {order_reference} accepted. Please prepare the order.' },
    client: { fr: 'Cher {client_surname} {client_name}, le paiement de votre commande {order_reference} a été accepté. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, the payment for your order {order_reference} was accepted. Have a nice day, {shop_name}.' },
  },
  12: {
    label: { fr: 'En attente de réapprovisionnement (non payé)', en: 'On backorder (not paid)' },
    admin: { fr: 'Commande (non payée) {order_reference} en attente de réapprovisionnement.', en: 'Order (not paid) {order_reference} is on backorder.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en cours de réapprovisionnement (non payée).', en: 'Dear {client_surname} {client_name}, your order {order_reference} is on backorder (not paid).' },
  },
  13: {
    label: { fr: 'En attente de paiement à la livraison', en: 'Awaiting cash on delivery validation' },
    admin: { fr: 'Commande (non payée) {order_reference} en attente de paiement à la livraison.', en: 'Order (not paid) {order_reference} is awaiting cash on delivery.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} est en attente de paiement à la livraison.', en: 'Dear {client_surname} {client_name}, your order {order_reference} is awaiting cash on delivery.' },
  },
};

export const NAMED_EVENTS: Record<NamedEvent, { hasOrder: boolean; label: EventTexts; admin: EventTexts; client: EventTexts }> = {
  payment_confirmation: {
    hasOrder: true,
    label: { fr: 'Confirmation de paiement', en: 'Payment confirmation' },
    admin: { fr: 'Confirmation de paiement pour la commande {order_reference}.', en: 'Payment confirmed for order {order_reference}.' },
    client: { fr: 'Paiement confirmé pour votre commande {order_reference} de {order_amount} {order_currency}. Merci, {shop_name}.', en: 'Payment confirmed for your order {order_reference} of {order_amount} {order_currency}. Thank you, {shop_name}.' },
  },
  customer_account_created: {
    hasOrder: false,
    label: { fr: 'Création de compte client', en: 'Customer account created' },
    admin: { fr: 'Nouveau compte client : {client_surname} {client_name}.', en: 'New customer account: {client_surname} {client_name}.' },
    client: { fr: 'Votre compte client {shop_name} a été créé. Bienvenue {client_surname} !', en: 'Your {shop_name} customer account has been created. Welcome {client_surname}!' },
  },
  tracking_number_updated: {
    hasOrder: true,
    label: { fr: 'Mise à jour du numéro de suivi transporteur', en: 'Carrier tracking number updated' },
    admin: { fr: 'Numéro de suivi de la commande {order_reference} mis à jour : {tracking_number}.', en: 'Tracking number of order {order_reference} updated: {tracking_number}.' },
    client: { fr: 'Votre commande {order_reference} a le numéro de suivi {tracking_number}. Livraison : {delivery_address_street} {delivery_address_additional} {delivery_address_postcode} {delivery_address_city} {delivery_address_country}', en: 'Your order {order_reference} has tracking number {tracking_number}. Delivery: {delivery_address_street} {delivery_address_additional} {delivery_address_postcode} {delivery_address_city} {delivery_address_country}' },
  },
  order_modified: {
    hasOrder: true,
    label: { fr: 'Modification de commande', en: 'Order modified' },
    admin: { fr: 'Commande {order_reference} modifiée (avoir ou modification).', en: 'Order {order_reference} modified (credit slip or edit).' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} a été modifiée. Bonne journée, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} has been modified. Have a nice day, {shop_name}.' },
  },
  customer_return: {
    hasOrder: true,
    label: { fr: 'Retour client', en: 'Customer return' },
    admin: { fr: 'Retour demandé sur la commande {order_reference}.', en: 'Return requested on order {order_reference}.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre demande de retour pour la commande {order_reference} est bien enregistrée. {shop_name}', en: 'Dear {client_surname} {client_name}, your return request for order {order_reference} is registered. {shop_name}' },
  },
  order_validated: {
    hasOrder: true,
    label: { fr: 'Validation de commande', en: 'Order validated' },
    admin: { fr: 'Nouvelle commande {order_reference} validée : {order_amount} {order_currency}.', en: 'New order {order_reference} validated: {order_amount} {order_currency}.' },
    client: { fr: 'Cher {client_surname} {client_name}, votre commande {order_reference} de {order_amount} {order_currency} est validée. Merci, {shop_name}.', en: 'Dear {client_surname} {client_name}, your order {order_reference} of {order_amount} {order_currency} is confirmed. Thank you, {shop_name}.' },
  },
};

/** Which catalogue event an outbox row written by the module stands for. */
export const OUTBOX_EVENT_TO_KEY: Record<string, NamedEvent | 'order_state'> = {
  order_state: 'order_state',
  payment_confirmation: 'payment_confirmation',
  order_validated: 'order_validated',
  customer_account_created: 'customer_account_created',
  tracking_number_updated: 'tracking_number_updated',
  order_slip_added: 'order_modified',
  order_edited: 'order_modified',
  order_return: 'customer_return',
};
