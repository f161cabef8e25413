import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createIngestorAgent, inboxFolder } from '../../../src/core/agents/ingestor';
import { CHUNK_MAX_CHARS } from '../../../src/core/agents/ingest/textChunks';
import type { WriteAudit } from '../../../src/core/audit/auditEntry';
import type { MemoryRecord } from '../../../src/core/memory/record';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { tempDirsForSuite } from '../store/storeFixtures';
import { agentFixture, type AgentFixture, type AgentFixtureOptions } from './agentFixtures';
import { tinyPdf } from './tinyPdf';

const makeDir = tempDirsForSuite();
const ingestor = createIngestorAgent({ settleMs: 0 });

async function withInbox(files: Record<string, string | Buffer>, options: AgentFixtureOptions = {}): Promise<AgentFixture & { inbox: string }> {
  const f = await agentFixture(makeDir, { trigger: 'inbox', ...options });
  const inbox = join(f.dir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(join(inbox, name), data);
  return Object.assign(f, { inbox });
}

async function notes(f: AgentFixture): Promise<MemoryRecord[]> {
  return (await f.store.memory.list({ kind: 'note', newestFirst: false })).sort((a, b) => Number(a.meta.chunk) - Number(b.meta.chunk));
}

/** The audit's record of inbox files: each taken in, repeated or refused, with where it went. */
function inboxAudits(f: AgentFixture): WriteAudit[] {
  return f.store.audit
    .days()
    .flatMap((rel) => f.store.audit.entries(rel.slice('audit/'.length, -'.jsonl'.length)))
    .filter((e): e is WriteAudit & typeof e => e.type === 'write' && e.op === 'import' && (e.detail ?? '').startsWith('inbox:'));
}

const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('ingestor', () => {
  it('audits every inbox file: taken in (name, size, sha256, notes, moved to done/), repeated, or refused (reason, moved to failed/)', async () => {
    const md = '# Plan\n\nShip the parser.\n\n# Later\n\nWrite the docs.';
    const f = await withInbox({ 'plan.md': md, 'slides.pptx': 'binary-ish' });
    await ingestor.run(f.ctx);
    writeFileSync(join(f.inbox, 'plan again.md'), md);
    await ingestor.run(f.ctx);

    const audits = inboxAudits(f);
    assert.equal(audits.length, 3, JSON.stringify(audits));
    const [taken, refused, repeated] = [audits.find((a) => a.detail!.includes('took in plan.md')), audits.find((a) => a.detail!.includes('refused slides.pptx')), audits.find((a) => a.detail!.includes('plan again.md'))];
    const sha = createHash('sha256').update(md).digest('hex');
    assert.ok(taken && refused && repeated, JSON.stringify(audits.map((a) => a.detail)));
    assert.equal(taken.detail, `inbox: took in plan.md (${Buffer.byteLength(md)} bytes, sha256 ${sha}) as 2 notes, moved to done/plan.md`);
    assert.deepEqual([...(taken.ids ?? [])].sort(), (await notes(f)).map((n) => n.id).sort(), 'the notes written are named by id');
    assert.deepEqual(taken.files, [join(f.inbox, 'done', 'plan.md')]);
    assert.match(refused.detail!, /^inbox: refused slides\.pptx \(10 bytes\): unsupported file type "\.pptx".*; moved to failed\/slides\.pptx with failed\/slides\.pptx\.error\.txt$/);
    assert.deepEqual(refused.files, [join(f.inbox, 'failed', 'slides.pptx'), join(f.inbox, 'failed', 'slides.pptx.error.txt')]);
    assert.equal(repeated.detail, `inbox: plan again.md (${Buffer.byteLength(md)} bytes, sha256 ${sha}) was taken in before, no notes written, moved to done/plan again.md`);
    assert.ok(!audits.some((a) => JSON.stringify(a).includes('Ship the parser')), 'never the file content');
    await f.close();
  });

  it('cuts Markdown at its headings, keeps code fences whole, and moves the file to done/', async () => {
    const md = [
      '---',
      'title: ignored front matter',
      '---',
      'A preamble before any heading.',
      '# Guide',
      '## Setup',
      'Install the tool with npm.',
      '',
      '```sh',
      '# not a heading: a shell comment',
      'npm install tool',
      '```',
      '## Usage',
      'Run `tool --help` to see the options.',
    ].join('\n');
    const f = await withInbox({ 'guide.md': md });
    const result = await ingestor.run(f.ctx);
    const made = await notes(f);
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(
      made.map((n) => n.meta.heading),
      [undefined, 'Guide > Setup', 'Guide > Usage'],
    );
    assert.equal(made[0].text, 'A preamble before any heading.');
    assert.ok(made[1].text.startsWith('## Setup\n\nInstall the tool'));
    assert.ok(made[1].text.includes('# not a heading: a shell comment'), 'the fenced comment stays in its section');
    assert.ok(!made.some((n) => n.text.includes('ignored front matter')));
    for (const [i, n] of made.entries()) {
      assert.equal(n.source, 'agent:ingestor');
      assert.equal(n.meta.file, 'guide.md');
      assert.equal(n.meta.chunk, i + 1);
      assert.deepEqual(n.tags, ['inbox', 'markdown']);
    }
    assert.deepEqual([...f.written].sort(), made.map((n) => n.id).sort());
    assert.deepEqual(ls(f.inbox), ['done', 'failed']);
    assert.equal(readFileSync(join(f.inbox, 'done', 'guide.md'), 'utf8'), md);
    await f.close();
  });

  it('packs plain text by paragraphs under the size cap without losing a word', async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60 + i * 7).trim()}.`);
    const text = paragraphs.join('\n\n');
    const f = await withInbox({ 'journal.txt': text });
    await ingestor.run(f.ctx);
    const made = await notes(f);
    assert.ok(made.length > 1, 'a long text becomes several notes');
    assert.ok(made.every((n) => n.text.length <= CHUNK_MAX_CHARS));
    for (const p of paragraphs) assert.equal(made.filter((n) => n.text.includes(p)).length, 1, 'each paragraph whole in exactly one note');
    assert.equal(made.map((n) => n.text).join('\n\n'), text);
    await f.close();
  });

  it('turns each item of a JSON export into a note, with its author and time', async () => {
    const json = JSON.stringify([
      { text: 'Decided to use SQLite for the index.' },
      { content: [{ type: 'text', text: 'Benchmarks favour the WASM build.' }], role: 'assistant' },
      { message: 'Ship on Friday', author: { name: 'Dana' }, timestamp: '2024-03-05T10:00:00Z' },
      { id: 7, unrelated: true },
    ]);
    const f = await withInbox({ 'export.json': json });
    const result = await ingestor.run(f.ctx);
    const made = await notes(f);
    assert.deepEqual(
      made.map((n) => n.text),
      ['Decided to use SQLite for the index.', 'assistant: Benchmarks favour the WASM build.', 'Dana: Ship on Friday'],
    );
    assert.equal(made[2].ts, '2024-03-05T10:00:00.000Z');
    assert.match(result.summary, /1 item without text skipped/);
    await f.close();
  });

  it('takes a chat export (messages under a list) and JSONL lines as one note per message', async () => {
    const chat = JSON.stringify({ name: 'Team chat', messages: [{ from: 'Ana', date: '2024-01-02T09:00:00', text: 'Morning! Standup moved.' }, { from: 'Ben', text: 'Thanks, noted.' }] });
    const jsonl = ['{"text":"first line note"}', '', '{"body":"second line note","created_at":1700000000}'].join('\n');
    const f = await withInbox({ 'chat.json': chat, 'log.jsonl': jsonl });
    await ingestor.run(f.ctx);
    const byFile = (name: string) => f.store.memory.list({ kind: 'note' }).then((all) => all.filter((n) => n.meta.file === name).map((n) => n.text).sort());
    assert.deepEqual(await byFile('chat.json'), ['Ana: Morning! Standup moved.', 'Ben: Thanks, noted.']);
    assert.deepEqual(await byFile('log.jsonl'), ['first line note', 'second line note']);
    const second = (await f.store.memory.list({ kind: 'note' })).find((n) => n.text === 'second line note');
    assert.equal(second?.ts, new Date(1_700_000_000_000).toISOString());
    await f.close();
  });

  it('reads the text of a PDF page into a note', async () => {
    const f = await withInbox({ 'paper.pdf': tinyPdf(['Hybrid retrieval fuses BM25 and vectors.', 'Recency breaks ties.']) });
    const result = await ingestor.run(f.ctx);
    const made = await notes(f);
    assert.equal(result.outcome, 'ok', result.summary);
    assert.equal(made.length, 1);
    assert.match(made[0].text, /Hybrid retrieval fuses BM25 and vectors\.\s+Recency breaks ties\./);
    assert.equal(made[0].meta.page, 1);
    assert.deepEqual(ls(join(f.inbox, 'done')), ['paper.pdf']);
    await f.close();
  });

  it('moves an empty file, a file over the size limit, malformed JSON and an unknown type to failed/ with the reason', async () => {
    const big = Buffer.alloc(Math.floor(1.5 * 1024 * 1024), 'a');
    const f = await withInbox(
      {
        'empty.txt': '',
        'huge.txt': big,
        'broken.json': '{\n  "notes": [\n    {"text": "ok"},,\n  ]\n}',
        'broken.jsonl': '{"text":"fine"}\n{"text": "cut off\n',
        'slides.pptx': 'binary-ish',
        'fake.pdf': 'not really a pdf',
      },
      { settings: { agentsInboxMaxFileMegabytes: 1 } },
    );
    const result = await ingestor.run(f.ctx);
    const failed = join(f.inbox, 'failed');
    const reason = (name: string) => readFileSync(join(failed, `${name}.error.txt`), 'utf8');
    assert.equal((await notes(f)).length, 0);
    assert.deepEqual(ls(failed).filter((n) => !n.endsWith('.error.txt')), ['broken.json', 'broken.jsonl', 'empty.txt', 'fake.pdf', 'huge.txt', 'slides.pptx']);
    assert.match(reason('empty.txt'), /empty/);
    assert.match(reason('huge.txt'), /too large: 1\.5 MB is over the limit of 1 MB \(setting metahuman\.agents\.inboxMaxFileMegabytes\)/);
    assert.match(reason('broken.json'), /malformed JSON at line 3, column 20: expected a value/);
    assert.match(reason('broken.jsonl'), /malformed JSON on line 2, column 18: expected a closing '"'/);
    assert.match(reason('slides.pptx'), /unsupported file type "\.pptx"/);
    assert.match(reason('fake.pdf'), /not a readable PDF/);
    assert.equal(readFileSync(join(failed, 'huge.txt')).length, big.length, 'the rejected file is kept whole');
    assert.match(result.summary, /6 failed/);
    await f.close();
  });

  it('never overwrites an earlier file of the same name in done/ or failed/', async () => {
    const f = await withInbox({ 'notes.md': 'second version', 'e.txt': '' });
    mkdirSync(join(f.inbox, 'done'), { recursive: true });
    mkdirSync(join(f.inbox, 'failed'), { recursive: true });
    writeFileSync(join(f.inbox, 'done', 'notes.md'), 'first version');
    writeFileSync(join(f.inbox, 'failed', 'e.txt'), '');
    writeFileSync(join(f.inbox, 'failed', 'e.txt.error.txt'), 'earlier reason');
    await ingestor.run(f.ctx);
    assert.equal(readFileSync(join(f.inbox, 'done', 'notes.md'), 'utf8'), 'first version');
    assert.equal(readFileSync(join(f.inbox, 'done', 'notes (2).md'), 'utf8'), 'second version');
    assert.equal(readFileSync(join(f.inbox, 'failed', 'e.txt.error.txt'), 'utf8'), 'earlier reason');
    assert.match(readFileSync(join(f.inbox, 'failed', 'e (2).txt.error.txt'), 'utf8'), /^e\.txt was not taken in/);
    await f.close();
  });

  it('after a crash between writing the notes and moving the file, the retry moves it without writing them again', async () => {
    const f = await withInbox({ 'plan.md': '# Plan\n\nMigrate the index to FTS5.\n\n# Risks\n\nWASM memory limits.' });
    const crashing = createIngestorAgent({
      settleMs: 0,
      rename: () => {
        throw new Error('simulated crash before the move');
      },
    });
    await assert.rejects(crashing.run(f.ctx), /simulated crash/);
    const before = await notes(f);
    assert.equal(before.length, 2);
    assert.deepEqual(ls(f.inbox), ['done', 'failed', 'plan.md']);
    await f.ctx.state.set({}); // the crash also lost the agent's state: only the log remembers
    const retry = await ingestor.run(f.ctx);
    assert.deepEqual((await notes(f)).map((n) => n.id), before.map((n) => n.id));
    assert.deepEqual(ls(join(f.inbox, 'done')), ['plan.md']);
    assert.match(retry.summary, /already taken in earlier \(plan\.md\)/);
    await f.close();
  });

  it('leaves a file that is still being written for the next run', async () => {
    const f = await withInbox({ 'draft.txt': 'The first paragraph arrived.' });
    const growing = createIngestorAgent({
      wait: () => {
        appendFileSync(join(f.inbox, 'draft.txt'), '\n\nThe second paragraph is still arriving.');
        return Promise.resolve();
      },
    });
    const first = await growing.run(f.ctx);
    assert.equal(first.outcome, 'skipped');
    assert.match(first.summary, /still being written \(draft\.txt\)/);
    assert.equal((await notes(f)).length, 0);
    assert.ok(existsSync(join(f.inbox, 'draft.txt')));
    await ingestor.run(f.ctx);
    assert.deepEqual((await notes(f)).map((n) => n.text), ['The first paragraph arrived.\n\nThe second paragraph is still arriving.']);
    await f.close();
  });

  it('ignores dotfiles and folders, and says so when the inbox is empty', async () => {
    const f = await withInbox({ '.DS_Store': 'x', '.notes.md.swp': 'y' });
    mkdirSync(join(f.inbox, 'drafts'));
    writeFileSync(join(f.inbox, 'drafts', 'inner.md'), 'not in the inbox itself');
    const result = await ingestor.run(f.ctx);
    assert.equal(result.outcome, 'skipped');
    assert.match(result.summary, /inbox is empty/);
    assert.deepEqual(ls(f.inbox), ['.DS_Store', '.notes.md.swp', 'done', 'drafts', 'failed']);
    assert.equal((await notes(f)).length, 0);
    await f.close();
  });

  it('moves a file whose bytes were already taken in to done/ without new notes', async () => {
    const f = await withInbox({ 'a.txt': 'Same words twice.' });
    await ingestor.run(f.ctx);
    writeFileSync(join(f.inbox, 'copy of a.txt'), 'Same words twice.');
    const second = await ingestor.run(f.ctx);
    assert.equal((await notes(f)).length, 1);
    assert.deepEqual(ls(join(f.inbox, 'done')), ['a.txt', 'copy of a.txt']);
    assert.match(second.summary, /already taken in/);
    await f.close();
  });

  it('finds its inbox from the setting, relative to the profile, or in the profile by default', () => {
    const settings = defaultSettings();
    assert.equal(inboxFolder(settings, '/p/profile'), join('/p/profile', 'inbox'));
    assert.equal(inboxFolder({ ...settings, agentsInboxPath: '/data/drop' }, '/p/profile'), '/data/drop');
    assert.equal(inboxFolder({ ...settings, agentsInboxPath: 'mail' }, '/p/profile'), join('/p/profile', 'mail'));
  });

  it('takes files from a configured inbox outside the profile', async () => {
    const elsewhere = makeDir('inbox');
    writeFileSync(join(elsewhere, 'idea.txt'), 'A note from outside the profile.');
    const f = await agentFixture(makeDir, { settings: { agentsInboxPath: elsewhere } });
    await ingestor.run(f.ctx);
    assert.deepEqual((await notes(f)).map((n) => n.text), ['A note from outside the profile.']);
    assert.deepEqual(ls(join(elsewhere, 'done')), ['idea.txt']);
    assert.ok(!existsSync(join(f.dir, 'inbox')));
    await f.close();
  });

  it('stops between files when cancelled', async () => {
    const f = await withInbox({ 'a.txt': 'one', 'b.txt': 'two' });
    f.controller.abort();
    await assert.rejects(ingestor.run(f.ctx), { name: 'AbortError' });
    assert.deepEqual(ls(f.inbox), ['a.txt', 'b.txt', 'done', 'failed']);
    await f.close();
  });
});
