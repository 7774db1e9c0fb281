#!/usr/bin/env node
// In a checkout with dev dependencies, run the TypeScript sources (never a stale build);
// in a production install, run the compiled CLI that `npm run build` produced.
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
const source = path.join(root, 'service', 'src', 'cli', 'main.ts');
let tsx = null;
try { tsx = require.resolve('tsx/cjs'); } catch { tsx = null; }
if (tsx && fs.existsSync(source)) {
  require(tsx);
  require(source);
} else {
  require(path.join(root, 'dist', 'service', 'src', 'cli', 'main.js'));
}
