/**
 * Notifications on shop events: the event catalogue, rules, the outbox consumer that turns
 * module events into SMS (and Telegram messages to staff chats) exactly once, and the history.
 */
export { DEFAULT_ORDER_STATES, NAMED_EVENTS, OUTBOX_EVENT_TO_KEY } from './catalogue';
export type { Audience, CatalogueEvent, EventKey, NamedEvent } from './catalogue';
export { buildCatalogue, eventKeyOf, isEventKey, templateAudienceFor } from './events';
export { createRule, createRules, updateRule, deleteRule, setRuleActive, listRules, getRule } from './rules';
export type { Rule, RuleInput } from './rules';
export { parseRuleInput, parseRuleInputs } from './rule-input';
export { CHANNELS, DEFAULT_CHANNELS } from './channels';
export type { Channel, StaffChatChannel } from './channels';
export { processEvent, processEvents } from './dispatch';
export type { DispatchDeps, EventOutcome } from './dispatch';
export { startOutboxConsumer } from './consumer';
export type { OutboxConsumer } from './consumer';
export { claimEvents } from './outbox';
export type { OutboxRow } from './outbox';
export { listNotifications, streamNotifications } from './history-query';
export type { HistoryPage, HistoryRow } from './history-query';
export { historyFilterSchema, DEFAULT_LATEST } from './history-filter';
export type { HistoryFilter } from './history-filter';
export type { NotificationRow, NotificationStatus } from './history';
export { notificationRoutes } from './routes';
export { startNotifications } from './runtime';
