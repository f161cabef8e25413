import { placeIndex } from '../../core/engine/indexPlacement';
import { chooseEmbedder, embedderChoiceFromSettings, rankingFromSettings } from '../../core/index/embedderChoice';
import { MemoryIndex, type IndexProgress } from '../../core/index/memoryIndex';
import { openProfileStore, type ProfileStore } from '../../core/profile/profileStore';
import type { CliContext } from '../cliContext';

/** A profile and its memory index, opened together for one CLI command. */
export interface IndexSession {
  store: ProfileStore;
  index: MemoryIndex;
  close(): Promise<void>;
}

/**
 * Opens the profile store and the index (the shared `<profile>/index` unless VS Code holds it), bringing the index up to date (a
 * rebuild reports progress on stderr). The CLI has no editor settings: it uses the defaults,
 * which is the lexical embedder, so the CLI and an extension left on defaults share one index.
 */
export async function openIndexSession(ctx: CliContext, now?: Date): Promise<IndexSession> {
  const store = await openProfileStore(ctx.profileDir(), { actor: 'cli' });
  try {
    const settings = ctx.settings();
    const chosen = await chooseEmbedder(embedderChoiceFromSettings(settings));
    if (chosen.warning) ctx.err(chosen.warning);
    let lastReport = 0;
    const onProgress = (p: IndexProgress) => {
      if (p.done === 0 || Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      ctx.err(p.phase === 'rebuild' ? `indexing: ${p.done} records read from the logs…` : `embedding: ${p.done} of ${p.total ?? '?'}…`);
    };
    const placement = await placeIndex(store);
    if (!placement.shared) ctx.err('MetaHuman is open in VS Code and owns the shared index: building a private one for this command…');
    const index = await MemoryIndex.open({
      dir: placement.dir,
      feed: store.memory,
      embedder: chosen.embedder,
      ranking: rankingFromSettings(settings),
      onProgress,
      log: (level, message) => {
        if (level !== 'info') ctx.err(message);
      },
      ...(now ? { now: () => now } : {}),
    });
    // A one-shot command answers with every vector in place.
    await index.whenIdle();
    return {
      store,
      index,
      close: async () => {
        await index.close();
        placement.release();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
