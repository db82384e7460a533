import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withAlertRulesTable } from '../activities/alerts/rules-table';

/** Rewrites the README's alert threshold table from alerts.yaml (`npm run docs:alert-rules`). */
const root = path.resolve(__dirname, '..');
const readme = path.join(root, 'README.md');
writeFileSync(readme, withAlertRulesTable(readFileSync(readme, 'utf8'), path.join(root, 'alerts.yaml')));
console.log('README.md: alert rules table rewritten from alerts.yaml');
