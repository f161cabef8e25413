import * as v from 'valibot';
import { defineCommand, defineNotification } from './messageTypes';

/**
 * Messages between the Memory panel and the host. The panel also sends `memory/list`,
 * `memory/details` and `memory/validate` (memoryViewProtocol.ts), which the host relays to the engine.
 */

export const MemoryPanelStateSchema = v.object({
  /** Bumped whenever the memory changed (a write here, in another window, by the CLI): the panel reloads what it shows. */
  revision: v.number(),
});
export type MemoryPanelState = v.InferOutput<typeof MemoryPanelStateSchema>;

/** Host → panel: a fresh snapshot. */
export const MemoryPanelStateNotification = defineNotification('memoryPanel/state', MemoryPanelStateSchema);

/** Host → panel: open this memory's details. */
export const MemoryPanelShowNotification = defineNotification('memoryPanel/show', v.object({ /** The memory's id. */ id: v.string() }));

/** The editor commands the empty state offers, by what they do. */
export const MemoryPanelActionSchema = v.picklist(['rememberThis', 'addNote', 'importHistory', 'openChat', 'openInboxSettings']);
export type MemoryPanelAction = v.InferOutput<typeof MemoryPanelActionSchema>;

/** Panel → host: run one of the ways memories arrive. */
export const MemoryPanelRunCommand = defineCommand('memoryPanel/run', v.object({ /** Which one. */ action: MemoryPanelActionSchema }));
