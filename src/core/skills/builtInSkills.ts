import { calendarEventExecutor } from './executors/calendarEvent';
import { commitMessageExecutor } from './executors/commitMessage';
import { notifyExecutor } from './executors/notify';
import { runTaskExecutor } from './executors/runTask';
import { searchMemoryExecutor } from './executors/searchMemory';
import { shellExecutor } from './executors/shell';
import { taskExecutor } from './executors/task';
import { writeFileExecutor } from './executors/writeFile';
import type { BuiltInSkillId, SkillExecutor } from './skillTypes';

/** The executor of every built-in skill; `SkillRegistry.load()` pairs each with its manifest. */
export const builtInExecutors: Record<BuiltInSkillId, SkillExecutor> = {
  task: taskExecutor,
  notify: notifyExecutor,
  'calendar-event': calendarEventExecutor,
  'write-file': writeFileExecutor,
  'run-task': runTaskExecutor,
  shell: shellExecutor,
  'commit-message': commitMessageExecutor,
  'search-memory': searchMemoryExecutor,
};
