import type { TestDatabase } from '../helpers/databases';
import { describePhp, phpDatabase, runPhpTest } from './helpers';

describePhp('PrestaShop module: optional indexes for segment counts', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    ({ database, env } = await phpDatabase());
  });
  afterEach(async () => {
    await database.drop();
  });

  it('offers the missing indexes on the configure page, adds them once, then says they are in place', async () => {
    await runPhpTest('indexes.php', env);
  });
});
