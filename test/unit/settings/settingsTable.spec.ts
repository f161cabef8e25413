import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configurationProperties } from '../../../src/core/settings/manifestProperties';
import { defaultSettings, readSettings } from '../../../src/core/settings/settingsTable';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

describe('settings table', () => {
  it('matches package.json contributes.configuration exactly (run `npm run sync-settings` after editing the table)', () => {
    assert.deepEqual(manifest.contributes.configuration.properties, configurationProperties());
  });

  it('declares every setting under metahuman.*', () => {
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.match(key, /^metahuman\.[a-zA-Z.]+$/);
  });

  it('falls back to the default for a value of the wrong type', () => {
    const values: Record<string, unknown> = { profilePath: 42, 'engine.requestTimeoutSeconds': 5 };
    const read = readSettings((key) => values[key]);
    assert.equal(read.profilePath, defaultSettings().profilePath);
    assert.equal(read.requestTimeoutSeconds, 5);
  });
});
