// Writes package.json's contributes.configuration from the typed settings table, so settings are
// declared once (src/core/settings/settingsTable.ts). A unit test fails when they drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationProperties } from '../src/core/settings/manifestProperties';

const path = join(__dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(path, 'utf8')) as { contributes: { configuration: { properties: unknown } } };
pkg.contributes.configuration.properties = configurationProperties();
writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`[sync-settings] ${Object.keys(pkg.contributes.configuration.properties as object).length} settings written to package.json`);
