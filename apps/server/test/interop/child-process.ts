import { type ChildProcess, spawn } from 'node:child_process';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** A spawned foreign client whose stdout and stderr are collected line by line. */
export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Every complete output line so far, stdout and stderr interleaved in arrival order. */
  readonly lines: string[];
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first line (already seen or yet to come) the predicate accepts; rejects if the process exits or the time runs out first. */
  waitForLine(predicate: RegExp | ((line: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<Exit>;
  kill(): void;
}

const running = new Set<RunningProcess>();

/**
 * Spawns a command with a hard time limit (`timeout` kills it with SIGKILL), no stdin, and output
 * collected for readiness checks and assertion messages. Every process is tracked so
 * {@link killAllProcesses} can clean up whatever a failed test left behind.
 */
export function run(command: string, args: string[], options: { timeoutMs?: number; name?: string } = {}) {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 15_000,
    killSignal: 'SIGKILL',
  });
  const name = options.name ?? command;
  const lines: string[] = [];
  let all = '';
  const waiters = new Set<() => void>();
  const partial = { stdout: '', stderr: '' };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    all += text;
    const pieces = (partial[stream] + text).split('\n');
    partial[stream] = pieces.pop() ?? '';
    if (pieces.length === 0) return;
    lines.push(...pieces.map((line) => line.replace(/\r$/, '')));
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  let hasExited = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (error) => {
      all += `\n[spawn error] ${error.message}\n`;
    });
    child.once('close', (code, signal) => {
      hasExited = true;
      for (const rest of [partial.stdout, partial.stderr]) if (rest) lines.push(rest);
      partial.stdout = '';
      partial.stderr = '';
      running.delete(proc);
      for (const wake of waiters) wake();
      resolve({ code, signal, output: all });
    });
  });
  const proc: RunningProcess = {
    name,
    child,
    lines,
    output: () => all,
    exited,
    kill() {
      if (!hasExited) child.kill('SIGKILL');
    },
    waitForLine(predicate, timeoutMs = 10_000) {
      const accepts = typeof predicate === 'function' ? predicate : (line: string) => predicate.test(line);
      return new Promise<string>((resolve, reject) => {
        let checked = 0;
        const timer = setTimeout(
          () => finish(new Error(`${name}: no line matching ${predicate} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const finish = (error: Error | null, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(new Error(`${error.message}\n--- ${name} output ---\n${all}`));
          else resolve(line as string);
        };
        const check = () => {
          for (; checked < lines.length; checked++) {
            if (accepts(lines[checked] as string)) return finish(null, lines[checked]);
          }
          if (hasExited) finish(new Error(`${name} exited before printing a line matching ${predicate}`));
        };
        waiters.add(check);
        check();
      });
    },
  };
  running.add(proc);
  return proc;
}

/** Kills every process started by {@link run} that is still running and waits for them to exit. */
export async function killAllProcesses(): Promise<void> {
  const left = [...running];
  for (const proc of left) proc.kill();
  await Promise.all(left.map((proc) => proc.exited));
}

/** Waits for the process to exit and fails with its output unless the exit code is 0. */
export async function succeeded(proc: RunningProcess): Promise<Exit> {
  const exit = await proc.exited;
  if (exit.code !== 0) {
    throw new Error(
      `${proc.name} exited with code ${exit.code}${exit.signal ? ` (signal ${exit.signal})` : ''}\n--- output ---\n${exit.output}`,
    );
  }
  return exit;
}
