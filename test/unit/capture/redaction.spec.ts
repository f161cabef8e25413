import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedRandomEntropy, isHighEntropyToken, shannonEntropy } from '../../../src/core/capture/redaction/entropy';
import { redact, redactSecrets } from '../../../src/core/capture/redaction/redactSecrets';
import { ORDINARY_STRINGS, SECRET_CASES } from '../../fixtures/capture/redactionCorpus';

describe('secret redaction', () => {
  it('has a corpus of at least 30 secret shapes and 30 ordinary strings', () => {
    assert.ok(SECRET_CASES.length >= 30, `${SECRET_CASES.length} secret cases`);
    assert.ok(ORDINARY_STRINGS.length >= 30, `${ORDINARY_STRINGS.length} ordinary strings`);
  });

  for (const c of SECRET_CASES) {
    it(`redacts ${c.name}`, () => {
      const { text, redacted } = redactSecrets(c.text);
      assert.ok(!text.includes(c.secret), `secret survived in: ${text}`);
      assert.match(text, /\[REDACTED:[a-z-]+\]/);
      assert.ok(Object.keys(redacted).length > 0);
    });
  }

  for (const text of ORDINARY_STRINGS) {
    it(`keeps: ${text.slice(0, 60)}`, () => {
      assert.equal(redact(text), text);
    });
  }

  it('labels by provider and keeps what surrounds the secret', () => {
    assert.equal(redact('token ghp_R8x2Lq9ZpT4vN7mK3sW6yB1cF5hJ0dG2aE9u ok'), 'token [REDACTED:github-token] ok');
    assert.equal(redact('https://ada:Tr0ub4dor-3@git.example.com/x'), 'https://ada:[REDACTED:url-password]@git.example.com/x');
    assert.equal(redact('DB_PASSWORD="p4ss w0rd"'), 'DB_PASSWORD="[REDACTED:password]"');
    assert.equal(redact('sk-ant-api03-Kq9Lm2Xt7Rz4Vb1Nc8Wd3Ys6Hf0Ja5Ge2Tp9Qr'), '[REDACTED:anthropic-key]');
  });

  it('is idempotent: redacting twice changes nothing more', () => {
    for (const c of SECRET_CASES) {
      const once = redact(c.text);
      assert.equal(redact(once), once, c.name);
    }
  });

  it('counts what it removed without keeping it', () => {
    const r = redactSecrets('a=AKIAZ7Q3XK4P2M9RT6WB b=AKIAQ4N7ZK2PX8M3TB5R');
    assert.deepEqual(r.redacted, { 'aws-access-key-id': 2 });
  });

  it('catches random keys of no known provider (seeded sample, 24+ characters)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let caught = 0;
    for (let i = 0; i < 500; i++) {
      let token = '';
      for (let j = 0; j < 24 + (i % 24); j++) token += alphabet[Math.floor(next() * alphabet.length)];
      if (!redact(`rotate to ${token} now`).includes(token)) caught++;
    }
    assert.ok(caught / 500 >= 0.95, `caught ${caught}/500`);
  });

  it('scales the entropy bar with length', () => {
    assert.ok(expectedRandomEntropy(20, 62) < expectedRandomEntropy(40, 62));
    assert.ok(expectedRandomEntropy(400, 62) < Math.log2(62));
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.ok(isHighEntropyToken('Zt8Qw3Er6Ty9Ui2Op5As8Df1Gh4Jk7Lz'));
    assert.ok(!isHighEntropyToken('getUserProfileById2FromCache'));
    assert.ok(!isHighEntropyToken('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'));
  });
});
