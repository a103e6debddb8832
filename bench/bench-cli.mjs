// What every benchmark script does around its measurements: read its options, take medians, and
// exit 0 (a missed target included) or 1 on a broken setup.
import { BenchError } from './cached-nest-project.mjs';

/**
 * `--json`, positive integer options and string options (`defaults` names them and their values:
 * a number or a string), `--flag N` or `--flag=N`; `--help` prints `usage` and exits.
 */
export function parseArgs(argv, defaults, usage) {
  const options = { ...defaults, json: false };
  const known = Object.keys(defaults).map((name) => `--${name}`);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[i + 1];
    if (flag === '--json') options.json = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${usage}\nSee bench/README.md.\n`);
      process.exit(0);
    } else if (!known.includes(flag)) throw new BenchError(`unknown argument: ${argv[i]} (${usage})`);
    else if (typeof defaults[flag.slice(2)] === 'string') {
      if (!value || value.startsWith('--')) throw new BenchError(`${flag} needs a value`);
      options[flag.slice(2)] = value;
      if (inline === undefined) i++;
    } else if (!(Number.isInteger(Number(value)) && Number(value) > 0)) throw new BenchError(`${flag} needs a positive integer, got ${value}`);
    else {
      options[flag.slice(2)] = Number(value);
      if (inline === undefined) i++;
    }
  }
  return options;
}

export const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs the benchmark: exit 0 when it ran (targets met or not), 1 with one line when the setup broke. */
export function runBench(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`\n✖ bench failed: ${error instanceof BenchError ? error.message : error.stack}\n`);
      process.exit(1);
    },
  );
}
