// A worker for the pool's own tests (test/unit/worker-pool.test.ts): echoes, spins forever, or eats memory.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (task: { kind: 'echo' | 'spin' | 'eat' | 'throw'; value?: number }) => {
  if (task.kind === 'echo') {
    parentPort!.postMessage({ type: 'progress', value: 1 });
    parentPort!.postMessage({ type: 'done', value: task.value });
  } else if (task.kind === 'spin') {
    for (;;);
  } else if (task.kind === 'eat') {
    const kept: number[][] = [];
    for (;;) kept.push(new Array(1_000_000).fill(1));
  } else {
    parentPort!.postMessage({ type: 'failed', message: 'kaputt' });
  }
});
