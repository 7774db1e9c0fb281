import type { ShopDb } from '../db';
import { migrationStatus, readMigrations } from '../db';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { ok: boolean; dialect: string; error?: string };
  migrations: { current: boolean; pending: number[] };
  provider: { name: string; configured: boolean };
}

let known: Array<{ version: number }> | undefined;

/**
 * The versions of sql/*.sql, read and hashed once per process: the files do not change under a
 * running service, and a monitor polling /health every few seconds should not re-read them.
 */
function knownMigrations(): Array<{ version: number }> {
  known ??= readMigrations().migrations.map((m) => ({ version: m.version }));
  return known;
}

/** What /health answers: each part checked for real, none of them revealing a secret. */
export async function checkHealth(db: ShopDb, provider: { name: string; configured: () => Promise<boolean> }): Promise<HealthReport> {
  const report: HealthReport = {
    status: 'ok',
    database: { ok: true, dialect: db.dialect },
    migrations: { current: false, pending: [] },
    provider: { name: provider.name, configured: false },
  };
  try {
    await db.knex.raw('SELECT 1');
    const status = await migrationStatus(db, knownMigrations());
    report.migrations = { current: status.current, pending: status.pending };
  } catch (err) {
    report.database = { ok: false, dialect: db.dialect, error: (err as { code?: string }).code ?? 'unreachable' };
  }
  try {
    report.provider.configured = await provider.configured();
  } catch {
    report.provider.configured = false;
  }
  if (!report.database.ok || !report.migrations.current || !report.provider.configured) report.status = 'degraded';
  return report;
}
