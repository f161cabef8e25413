import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellExecutor } from '../../../src/core/skills/executors/shell';
import type { SkillPorts } from '../../../src/core/skills/skillTypes';
import type { TerminalFrame } from '../../../src/protocol/terminalProtocol';
import { terminalText } from '../../../src/host/decisions/shellTranscript';
import { tempDirsForSuite } from '../store/storeFixtures';
import { skillFixture } from './skillFixtures';

/** A terminal port that keeps what it was asked to show. */
function recordingTerminal(): { ports: SkillPorts; frames: TerminalFrame[] } {
  const frames: TerminalFrame[] = [];
  return {
    frames,
    ports: {
      terminal: ({ id, line, cwd }) => {
        frames.push({ kind: 'start', run: id, line, cwd });
        return {
          write: (text) => frames.push({ kind: 'data', run: id, text }),
          end: (exitCode, note) => frames.push({ kind: 'end', run: id, ...(exitCode !== undefined ? { exitCode } : {}), ...(note ? { note } : {}) }),
        };
      },
    },
  };
}

describe('shell skill: what runs shows in the editor terminal as it runs', () => {
  const temp = tempDirsForSuite();

  it('shows the exact command line and folder first, then the output, then the exit code; the output is still captured', async () => {
    const { ports, frames } = recordingTerminal();
    const f = await skillFixture(temp, { ports });
    const result = await shellExecutor.execute({ command: 'echo first; echo second >&2; exit 3' }, f.ctx);
    assert.equal(result.ok, false);
    assert.equal(result.exitCode, 3);
    assert.match(result.output ?? '', /first[\s\S]*second/, 'the audit still gets the output');
    assert.deepEqual(frames[0], { kind: 'start', run: f.ctx.proposalId, line: 'echo first; echo second >&2; exit 3', cwd: f.workspace });
    const shown = frames.filter((fr) => fr.kind === 'data').map((fr) => (fr.kind === 'data' ? fr.text : '')).join('');
    assert.match(shown, /first\n[\s\S]*second\n/);
    assert.deepEqual(frames.at(-1), { kind: 'end', run: f.ctx.proposalId, exitCode: 3 });
    await f.close();
  });

  it('a command stopped on its timeout ends the terminal run saying so', async () => {
    const { ports, frames } = recordingTerminal();
    const f = await skillFixture(temp, { ports, timeoutMs: 300 });
    const result = await shellExecutor.execute({ command: 'sleep 5' }, f.ctx);
    assert.equal(result.ok, false);
    assert.deepEqual(frames.at(-1), { kind: 'end', run: f.ctx.proposalId, note: 'timed out' });
    await f.close();
  });

  it('without an editor (mh) nothing is shown and the command runs the same', async () => {
    const f = await skillFixture(temp);
    const result = await shellExecutor.execute({ command: 'echo alone' }, f.ctx);
    assert.equal(result.ok, true);
    assert.match(result.output ?? '', /alone/);
    await f.close();
  });
});

describe('the MetaHuman: shell terminal text', () => {
  it('names the folder and the command, turns line ends into CR LF and resets colours after the output', () => {
    const start = terminalText({ kind: 'start', run: 'p1', line: 'npm test', cwd: '/work/app' });
    assert.match(start, /in \/work\/app/);
    assert.match(start, /\$ npm test/);
    const data = terminalText({ kind: 'data', run: 'p1', text: 'one\ntwo\r\n\x1b[8m' });
    assert.ok(data.startsWith('one\r\ntwo\r\n\x1b[8m'), JSON.stringify(data));
    assert.ok(data.endsWith('\x1b[0m'), 'a hidden-text sequence from the command is reset');
  });

  it('says how the run ended', () => {
    assert.match(terminalText({ kind: 'end', run: 'p1', exitCode: 0 }), /\[.*exit code 0.*\]/);
    assert.match(terminalText({ kind: 'end', run: 'p1', exitCode: 2 }), /exit code 2/);
    assert.match(terminalText({ kind: 'end', run: 'p1', note: 'cancelled' }), /stopped: cancelled/);
  });
});
