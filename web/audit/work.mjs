// The main thread's work in processor time. Lighthouse's main-thread work
// is the wall-clock time of the tasks of a page's main thread: on a
// machine busy with other work it counts the time a task waited for a
// processor as well. processorWork counts the same tasks, as Lighthouse
// finds them in its trace, by the processor time the thread spent on
// each, with the same slowdown applied as Lighthouse's mobile profile
// applies to its own figure; on an idle machine the two agree.
import { TraceProcessor } from 'lighthouse/core/lib/tracehouse/trace-processor.js';
import { MainThreadTasks } from 'lighthouse/core/lib/tracehouse/main-thread-tasks.js';

// processorWork is the main-thread work of a run, in milliseconds of
// processor time, from its trace (the Trace artifact of a Lighthouse run)
// and the CPU slowdown of its settings.
export function processorWork(traceEvents, slowdown) {
  const trace = TraceProcessor.processTrace({ traceEvents });
  const tasks = MainThreadTasks.getMainThreadTasks(trace.mainThreadEvents, trace.frames,
    trace.timestamps.traceEnd, trace.timestamps.timeOrigin);
  let total = 0;
  for (const task of tasks) {
    // A task's thread time (tdur) is there for complete events, which
    // Chromium writes for every top-level task.
    if (task.parent) continue;
    const { dur, tdur } = task.event;
    total += tdur !== undefined && dur > 0 ? (task.duration * tdur) / dur : task.duration;
  }
  return total * slowdown;
}
