import { Option, type Command } from 'commander';
import { ChatPipeline } from '../../core/llm/chat/chatPipeline';
import type { ChatEvent, ChatMode } from '../../core/llm/chat/chatTypes';
import { chatProviderFor } from '../../core/llm/chat/chatProvider';
import type { CliContext } from '../cliContext';
import { openIndexSession } from './searchIndexSession';
import { decisionEngineOn } from './withDecisions';

interface ChatOptions {
  mode: ChatMode;
  depth: string;
  conversation?: string;
  json?: boolean;
}

/**
 * `mh chat "<message>"`: the same pipeline as the sidebar, over the profile. The answer streams
 * to stdout token by token; thinking stages go to stderr so that stdout is the answer alone.
 * Ctrl-C stops the answer and keeps what was said, as the chat view's stop button does.
 */
export function registerChatCommand(program: Command, ctx: CliContext, stdout: NodeJS.WritableStream, cwd: string): void {
  program
    .command('chat')
    .description('ask your twin: an answer from your memories, streamed, with the memories it cites')
    .argument('<message>', 'what to ask')
    .addOption(new Option('--mode <mode>', 'conversation, innerDialogue (thinks aloud, stored as dialogue) or emulation (writes nothing)').choices(['conversation', 'innerDialogue', 'emulation']).default('conversation'))
    .option('--depth <n>', 'reasoning depth 0-3: plan and critique before answering', '0')
    .option('--conversation <id>', 'continue this conversation')
    .option('--json', 'print one JSON object: answer, citations, context, stages, usage')
    .action(async (message: string, opts: ChatOptions, command: Command) => {
      const depth = Number(opts.depth);
      if (!Number.isInteger(depth) || depth < 0 || depth > 3) command.error(`--depth must be 0, 1, 2 or 3, got "${opts.depth}".`);
      const session = await openIndexSession(ctx);
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      process.once('SIGINT', onSigint);
      try {
        // The provider VS Code's settings chose (saved in the profile), else the offline one.
        const { provider, model } = chatProviderFor(ctx.settings(), {}, { onWarning: (m) => ctx.err(`warning: ${m}`) });
        // "Remind me to…" becomes a task proposal from chat, decided by the policy like the editor's.
        const decisions = decisionEngineOn(ctx, session);
        const propose = (input: { skill: string; args: Record<string, unknown>; reason: string }) => decisions.propose({ ...input, source: 'chat', workspace: cwd });
        const pipeline = new ChatPipeline(session.store, session.index, provider, { source: 'cli:chat', propose, ...(model ? { model } : {}) });
        const events: ChatEvent[] = [];
        const cites: string[] = [];
        for await (const event of pipeline.ask({ message, mode: opts.mode, depth, signal: stop.signal, ...(opts.conversation ? { conversationId: opts.conversation } : {}) })) {
          if (opts.json) events.push(event);
          else print(event, ctx, stdout, cites);
        }
        if (opts.json) ctx.out(JSON.stringify(jsonResult(events), null, 2));
      } finally {
        process.removeListener('SIGINT', onSigint);
        await session.close();
      }
    });
}

/** Text output; `cites` collects the sources listed after the answer. */
function print(event: ChatEvent, ctx: CliContext, stdout: NodeJS.WritableStream, cites: string[]): void {
  switch (event.type) {
    case 'stage':
      ctx.err(`[${event.name}] ${event.text}`);
      break;
    case 'token':
      stdout.write(event.text);
      break;
    case 'citation':
      cites.push(`  [m:${event.id}] ${event.preview}`);
      break;
    case 'done':
      stdout.write('\n');
      if (event.stopped) ctx.out('(stopped)');
      if (cites.length) ctx.out(`\nSources:\n${cites.splice(0).join('\n')}`);
      ctx.err(`${event.model} · conversation ${event.conversationId} · ${event.usage.promptTokens} + ${event.usage.completionTokens} tokens${event.usage.estimated ? ' (estimated)' : ''}`);
      break;
    case 'context':
      break;
  }
}

function jsonResult(events: ChatEvent[]): Record<string, unknown> {
  const done = events.find((e) => e.type === 'done');
  const stages: Record<string, string> = {};
  for (const e of events) if (e.type === 'stage') stages[e.name] = (stages[e.name] ?? '') + e.text;
  return {
    answer: events.map((e) => (e.type === 'token' ? e.text : '')).join(''),
    citations: events.flatMap((e) => (e.type === 'citation' ? [{ id: e.id, preview: e.preview }] : [])),
    context: events.find((e) => e.type === 'context')?.report,
    stages,
    ...(done ? { conversationId: done.conversationId, turnIds: done.turnIds, usage: done.usage, model: done.model, stopped: done.stopped } : {}),
  };
}
