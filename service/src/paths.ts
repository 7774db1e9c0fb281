import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found from this file whether it runs from sources (tsx) or from dist/.
 * sql/ and admin-ui/ are read from there.
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'sql'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Shopcast project root (package.json next to sql/)');
    dir = parent;
  }
  return dir;
}
