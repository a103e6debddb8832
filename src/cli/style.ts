import chalk from 'chalk';

/** Colours only for a person at a terminal: never under NO_COLOR, in pipes or with --json. */
export function configureColours(json: boolean): void {
  const wanted = !json && !process.env.NO_COLOR && process.stdout.isTTY === true;
  if (!wanted) chalk.level = 0;
}

export { chalk };
