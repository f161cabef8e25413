import type { ChatEvent } from '../../src/protocol/chatProtocol';

/** One exchange in the view: what the person asked and the twin's answer as it streams in. */
export interface ChatTurn {
  question: string;
  answer: string;
  stages: { name: string; text: string }[];
  citations: { id: string; preview: string }[];
  context?: Extract<ChatEvent, { type: 'context' }>;
  model?: string;
  state: 'streaming' | 'done' | 'stopped' | 'failed';
  error?: string;
}

/** Folds one streamed event into a turn (a new object, so Lit sees the change). */
export function applyChatEvent(turn: ChatTurn, event: ChatEvent): ChatTurn {
  switch (event.type) {
    case 'token':
      return { ...turn, answer: turn.answer + event.text };
    case 'stage': {
      const stages = [...turn.stages];
      const last = stages[stages.length - 1];
      if (last && last.name === event.name) stages[stages.length - 1] = { ...last, text: last.text + event.text };
      else stages.push({ name: event.name, text: event.text });
      return { ...turn, stages };
    }
    case 'citation':
      return turn.citations.some((c) => c.id === event.id) ? turn : { ...turn, citations: [...turn.citations, { id: event.id, preview: event.preview }] };
    case 'context':
      return { ...turn, context: event };
    case 'done':
      return { ...turn, model: event.model, state: 'done' };
  }
}
