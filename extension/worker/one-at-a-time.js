// A queue of tasks that run one at a time, each once every task queued
// before it has finished (whether it succeeded or failed). Used where a
// read-then-write of storage must not interleave with another.

/** A function that queues `task` and resolves with its result. */
export function oneAtATime() {
  let queue = Promise.resolve();
  return (task) => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
}
