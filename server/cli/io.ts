export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

/** Minimal flag parser: `--name value`, `--flag`; returns positionals and flags. */
export function parseArgs(args: string[], booleanFlags: readonly string[]): { positionals: string[]; flags: Record<string, string | true> } {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (inline !== undefined) flags[name] = inline;
      else if (booleanFlags.includes(name)) flags[name] = true;
      else {
        const next = args[i + 1];
        if (next === undefined || next.startsWith('--')) flags[name] = true;
        else {
          flags[name] = next;
          i++;
        }
      }
    } else positionals.push(a);
  }
  return { positionals, flags };
}
