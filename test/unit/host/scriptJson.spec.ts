import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { jsonForScriptTag } from '../../../src/host/webviews/scriptJson';

describe('jsonForScriptTag', () => {
  it('cannot close the script tag or open a comment, whatever the strings hold', () => {
    const hostile = { text: '</script><script>alert(1)</script><!-- & \u2028' };
    const out = jsonForScriptTag(hostile);
    assert.ok(!out.includes('</script'));
    assert.ok(!out.includes('<!--'));
    assert.ok(!out.includes('\u2028'));
  });

  it('round-trips to the same value', () => {
    const value = { path: '/home/ada/<twin>&co', n: 3, nested: [{ ok: true }] };
    assert.deepEqual(JSON.parse(jsonForScriptTag(value)), value);
  });
});
