import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { resolveProfilePath } from '../../../src/core/profile/profilePath';

describe('resolveProfilePath', () => {
  const home = '/home/ada';
  it('defaults to ~/.metahuman', () => {
    assert.equal(resolveProfilePath({ home, env: {} }), '/home/ada/.metahuman');
  });
  it('prefers an explicit choice over MH_PROFILE', () => {
    assert.equal(resolveProfilePath({ home, explicit: '/data/me', env: { MH_PROFILE: '/other' } }), '/data/me');
  });
  it('uses MH_PROFILE when nothing explicit is given, and treats blank as unset', () => {
    assert.equal(resolveProfilePath({ home, explicit: '  ', env: { MH_PROFILE: '/srv/twin' } }), '/srv/twin');
  });
  it('expands ~ and resolves relative paths against the working directory', () => {
    assert.equal(resolveProfilePath({ home, explicit: '~/twin' }), '/home/ada/twin');
    assert.equal(resolveProfilePath({ home, explicit: 'twin', cwd: '/work' }), '/work/twin');
  });
});
