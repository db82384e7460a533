import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderAlertRulesTable, withAlertRulesTable } from '../../activities/alerts/rules-table';

const root = path.resolve(__dirname, '../..');
const yamlFile = path.join(root, 'alerts.yaml');

test("the README's threshold table is the one alerts.yaml renders (run npm run docs:alert-rules)", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(withAlertRulesTable(readme, yamlFile)).toBe(readme);
});

test('every threshold of alerts.yaml is a row with its value and its why', () => {
  const table = renderAlertRulesTable(readFileSync(yamlFile, 'utf8'));
  expect(table).toContain('| `overProduction.ratio` | 1.2 | Production 20 % above consumption');
  expect(table).toContain('| `negativePriceRisk.weights.lowPrice` | 2 |');
  expect(table).toContain('| `lifecycle.resolveAfterClearQuarterHours` | 4 |');
  expect(table.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(21);
});

test('an invalid rules file is refused rather than documented', () => {
  expect(() => renderAlertRulesTable('overProduction: {}\n')).toThrow();
});
