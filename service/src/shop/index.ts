export { createDemoShop, hasDemoShop, demoSchemaFile, demoTableNames } from './demo';
export type { DemoShopOptions, DemoShopSummary, DemoProgress } from './demo';
